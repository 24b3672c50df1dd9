//! hiprtc: HIP C++ source to an AMD code object at run time. It lives in
//! libamdhip64 up to ROCm 5.2 and in libhiprtc after; no GPU is needed, the
//! target is named by `--offload-arch`.

use crate::driver::error::{c_name, driver_string, with_log};
use crate::driver::library::{function_table, load_first};
use crate::error::{CudaError, Result, RuntimeError};
use std::ffi::{c_char, c_int, c_void};
use std::sync::{Arc, Mutex, OnceLock};

/// Held while hiprtc compiles: ROCm 5.2's hiprtc crashes when two threads
/// compile at once.
static COMPILING: Mutex<()> = Mutex::new(());

pub type HiprtcResult = c_int;
pub type HiprtcProgram = *mut c_void;

pub const HIPRTC_SUCCESS: HiprtcResult = 0;

/// Where hiprtc may be: its own library (ROCm 5.3 and newer), else the
/// HIP runtime's.
pub const LIBRARIES: &[&str] = &[
    "libhiprtc.so",
    "libhiprtc.so.6",
    "libhiprtc.so.5",
    "libamdhip64.so",
    "libamdhip64.so.6",
    "libamdhip64.so.5",
];

function_table! {
    /// hiprtc's entry points.
    pub struct HiprtcApi {
        create_program = "hiprtcCreateProgram": fn(
            *mut HiprtcProgram, *const c_char, *const c_char, c_int, *const *const c_char,
            *const *const c_char
        ) -> HiprtcResult;
        compile_program = "hiprtcCompileProgram":
            fn(HiprtcProgram, c_int, *const *const c_char) -> HiprtcResult;
        get_program_log_size = "hiprtcGetProgramLogSize": fn(HiprtcProgram, *mut usize) -> HiprtcResult;
        get_program_log = "hiprtcGetProgramLog": fn(HiprtcProgram, *mut c_char) -> HiprtcResult;
        get_code_size = "hiprtcGetCodeSize": fn(HiprtcProgram, *mut usize) -> HiprtcResult;
        get_code = "hiprtcGetCode": fn(HiprtcProgram, *mut c_char) -> HiprtcResult;
        destroy_program = "hiprtcDestroyProgram": fn(*mut HiprtcProgram) -> HiprtcResult;
        get_error_string = "hiprtcGetErrorString": fn(HiprtcResult) -> *const c_char;
    }
    optional {}
}

impl HiprtcApi {
    /// hiprtc from [`LIBRARIES`], loaded once per process; where there is
    /// none, `cudaErrorNotSupported` with the reasons.
    pub fn get() -> Result<Arc<HiprtcApi>> {
        static API: OnceLock<Result<Arc<HiprtcApi>>> = OnceLock::new();
        API.get_or_init(|| {
            load_first(LIBRARIES, HiprtcApi::from_library)
                .map(Arc::new)
                .map_err(|why| {
                    RuntimeError::new(CudaError::NotSupported, format!("no hiprtc: {why}"))
                })
        })
        .clone()
    }

    /// `Ok` for `HIPRTC_SUCCESS`, else `cudaErrorInvalidKernelImage` with
    /// hiprtc's name for the code.
    fn check(&self, code: HiprtcResult, call: &str) -> Result<()> {
        if code == HIPRTC_SUCCESS {
            return Ok(());
        }
        // SAFETY: hiprtc returns a static string for any code.
        let name = unsafe {
            driver_string((self.get_error_string)(code), || {
                format!("hiprtcResult {code}")
            })
        };
        Err(RuntimeError::new(
            CudaError::InvalidKernelImage,
            format!("{call}: {name}"),
        ))
    }

    /// Compile the HIP source `source` (called `name` in messages) for the
    /// AMD architecture `arch` (e.g. `gfx90a`) into a code object. A program
    /// that does not compile is `cudaErrorInvalidKernelImage` with hiprtc's
    /// error and the compiler's log.
    pub fn compile(&self, source: &str, name: &str, arch: &str) -> Result<Vec<u8>> {
        let (source, name) = (c_name(source)?, c_name(name)?);
        let _one_at_a_time = COMPILING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut program = Program {
            rtc: self,
            handle: std::ptr::null_mut(),
        };
        // SAFETY: the strings are NUL-terminated; no headers are passed.
        let code = unsafe {
            (self.create_program)(
                &mut program.handle,
                source.as_ptr(),
                name.as_ptr(),
                0,
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        self.check(code, "hiprtcCreateProgram")?;
        let option = c_name(&format!("--offload-arch={arch}"))?;
        let options = [option.as_ptr()];
        // SAFETY: one NUL-terminated option.
        let code = unsafe { (self.compile_program)(program.handle, 1, options.as_ptr()) };
        self.check(code, "hiprtcCompileProgram")
            .map_err(|e| with_log(e, "hiprtc log", &program.log()))?;
        program.code()
    }
}

/// A hiprtc program, destroyed when dropped.
struct Program<'r> {
    rtc: &'r HiprtcApi,
    handle: HiprtcProgram,
}

/// A hiprtc call that writes the size of what the program holds.
type SizeFn = unsafe extern "C" fn(HiprtcProgram, *mut usize) -> HiprtcResult;
/// A hiprtc call that copies what the program holds into a buffer.
type ReadFn = unsafe extern "C" fn(HiprtcProgram, *mut c_char) -> HiprtcResult;

impl Program<'_> {
    /// The bytes the program holds through `size` and `read` (its log, its code).
    fn read(&self, size: SizeFn, read: ReadFn, call: &str) -> Result<Vec<u8>> {
        let mut bytes = 0;
        // SAFETY: writes the size.
        self.rtc
            .check(unsafe { size(self.handle, &mut bytes) }, call)?;
        let mut buffer = vec![0u8; bytes];
        // SAFETY: the buffer has the size hiprtc gave.
        self.rtc.check(
            unsafe { read(self.handle, buffer.as_mut_ptr().cast()) },
            call,
        )?;
        Ok(buffer)
    }

    fn log(&self) -> String {
        let log = self.read(
            self.rtc.get_program_log_size,
            self.rtc.get_program_log,
            "hiprtcGetProgramLog",
        );
        log.map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }

    fn code(&self) -> Result<Vec<u8>> {
        self.read(self.rtc.get_code_size, self.rtc.get_code, "hiprtcGetCode")
    }
}

impl Drop for Program<'_> {
    fn drop(&mut self) {
        if !self.handle.is_null() {
            // SAFETY: the program was created and is destroyed once.
            unsafe { (self.rtc.destroy_program)(&mut self.handle) };
        }
    }
}
