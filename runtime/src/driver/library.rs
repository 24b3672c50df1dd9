//! Opening a vendor's shared library at run time and reading its entry
//! points into a table of function pointers (`function_table!`).
//!
//! Nothing is linked: a machine without the library gets an error that says
//! which file could not be opened, and the device backends turn it into "no
//! device".

use std::path::Path;

/// Open the shared library at `path` (a file name is looked up the way the
/// dynamic loader does).
pub fn open(path: &Path) -> Result<libloading::Library, String> {
    // SAFETY: the vendor libraries opened here (libcuda, libamdhip64) have
    // initializers that are safe to run in any process.
    unsafe { libloading::Library::new(path) }
        .map_err(|e| format!("{} could not be loaded: {e}", path.display()))
}

/// The table `read` makes of the first of `paths` that opens and has every
/// entry point it needs; the error lists why each failed.
pub fn load_first<T>(
    paths: &[&str],
    read: impl Fn(libloading::Library) -> Result<T, String>,
) -> Result<T, String> {
    let mut failures = Vec::new();
    for path in paths {
        match open(Path::new(path)).and_then(&read) {
            Ok(table) => return Ok(table),
            Err(e) => failures.push(e),
        }
    }
    Err(failures.join("; "))
}

/// Read the entry point `symbol` (NUL-terminated) as a function pointer of type `F`.
///
/// # Safety
/// `F` must be the C prototype of `symbol` as the vendor's header declares it.
pub unsafe fn entry<F: Copy>(library: &libloading::Library, symbol: &str) -> Result<F, String> {
    // SAFETY: the prototype is the caller's promise; the pointer stays valid
    // while the library is loaded, and tables keep their library.
    unsafe { library.get::<F>(symbol.as_bytes()) }
        .map(|f| *f)
        .map_err(|e| {
            format!(
                "entry point {} is missing: {e}",
                symbol.trim_end_matches('\0')
            )
        })
}

/// A struct of entry points read from a shared library, which it keeps loaded.
///
/// ```ignore
/// function_table! {
///     /// The CUDA driver.
///     pub struct CudaApi {
///         init = "cuInit": fn(c_uint) -> CUresult;
///     }
///     optional {
///         function_count = "cuModuleGetFunctionCount": fn(*mut c_uint, CUmodule) -> CUresult;
///     }
/// }
/// ```
/// Required entries are plain fields; optional ones (newer drivers only) are
/// `Option`s. `CudaApi::from_library(library)` reads them all.
macro_rules! function_table {
    (
        $(#[$meta:meta])*
        pub struct $table:ident {
            $( $(#[$fmeta:meta])* $field:ident = $symbol:literal : fn($($arg:ty),*) -> $ret:ty; )*
        }
        optional {
            $( $(#[$ometa:meta])* $ofield:ident = $osymbol:literal : fn($($oarg:ty),*) -> $oret:ty; )*
        }
    ) => {
        $(#[$meta])*
        pub struct $table {
            $( $(#[$fmeta])* pub $field: unsafe extern "C" fn($($arg),*) -> $ret, )*
            $( $(#[$ometa])* pub $ofield: Option<unsafe extern "C" fn($($oarg),*) -> $oret>, )*
            /// Keeps the entry points valid.
            _library: libloading::Library,
        }

        impl $table {
            /// Read every entry point from `library`; a missing required one is an error.
            pub fn from_library(library: libloading::Library) -> std::result::Result<$table, String> {
                use $crate::driver::library::entry;
                // SAFETY: each field's type is the entry point's prototype
                // from the vendor's header.
                unsafe {
                    Ok($table {
                        $( $field: entry(&library, concat!($symbol, "\0"))?, )*
                        $( $ofield: entry(&library, concat!($osymbol, "\0")).ok(), )*
                        _library: library,
                    })
                }
            }
        }

        impl std::fmt::Debug for $table {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(stringify!($table))
            }
        }
    };
}

pub(crate) use function_table;
