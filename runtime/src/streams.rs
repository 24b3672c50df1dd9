//! Stream and event handles as devices keep them: [`Handles`], the live
//! handles of one kind, so that a stale or made-up handle is refused
//! (`cudaErrorInvalidResourceHandle`) instead of reaching a driver that may
//! crash on it; and [`SyncStreams`], the streams and events of a device
//! whose launches have finished when they return (the CPU, wasm).

use crate::device::{EventHandle, StreamHandle};
use crate::error::{CudaError, Result, RuntimeError};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// The first handle a device numbers itself: clear of the default stream
/// (0) and of CUDA's `cudaStreamLegacy` (1) and `cudaStreamPerThread` (2),
/// which the runtime takes as the default stream.
const FIRST_OWN_HANDLE: u64 = 0x100;

/// The live handles of one kind, each with what the device keeps for it.
#[derive(Debug)]
pub struct Handles<V> {
    what: &'static str,
    live: Mutex<(u64, HashMap<u64, V>)>,
}

impl<V> Handles<V> {
    /// Handles of streams, events, ... (`what` names them in errors).
    pub fn new(what: &'static str) -> Handles<V> {
        Handles {
            what,
            live: Mutex::new((FIRST_OWN_HANDLE, HashMap::new())),
        }
    }

    /// A new handle of the device's own numbering, keeping `value`.
    pub fn make(&self, value: V) -> u64 {
        let mut live = self.live.lock().unwrap();
        let handle = live.0;
        live.0 += 1;
        live.1.insert(handle, value);
        handle
    }

    /// Keep `handle`, which a driver made, with `value`.
    pub fn add(&self, handle: Result<u64>, value: V) -> Result<u64> {
        let handle = handle?;
        self.live.lock().unwrap().1.insert(handle, value);
        Ok(handle)
    }

    /// `Ok` for a live handle (and the default stream, 0, when `zero_ok`).
    pub fn check(&self, handle: u64, zero_ok: bool) -> Result<()> {
        if zero_ok && handle == 0 {
            return Ok(());
        }
        self.with(handle, |_| ())
    }

    /// Forget `handle`, giving back what was kept for it.
    pub fn remove(&self, handle: u64) -> Result<V> {
        let removed = self.live.lock().unwrap().1.remove(&handle);
        removed.ok_or_else(|| self.invalid(handle))
    }

    /// `f` of what is kept for the live `handle`.
    pub fn with<T>(&self, handle: u64, f: impl FnOnce(&mut V) -> T) -> Result<T> {
        let mut live = self.live.lock().unwrap();
        match live.1.get_mut(&handle) {
            Some(v) => Ok(f(v)),
            None => Err(self.invalid(handle)),
        }
    }

    fn invalid(&self, handle: u64) -> RuntimeError {
        RuntimeError::new(
            CudaError::InvalidResourceHandle,
            format!("{handle:#x} is not a live {}", self.what),
        )
    }
}

/// `cudaErrorInvalidResourceHandle` for an event whose time is asked before
/// it was recorded (as CUDA's `cudaEventElapsedTime` answers).
pub fn never_recorded(event: EventHandle) -> RuntimeError {
    RuntimeError::new(
        CudaError::InvalidResourceHandle,
        format!("event {event:#x} was never recorded"),
    )
}

/// The live streams and events of a device, each event with what it
/// recorded (`E`, once recorded): the handles every device keeps alike.
#[derive(Debug)]
pub struct StreamTable<E> {
    streams: Handles<()>,
    events: Handles<Option<E>>,
}

impl<E> StreamTable<E> {
    /// Handles that errors call `streams` and `events` ("stream", ...).
    pub fn new(streams: &'static str, events: &'static str) -> Self {
        StreamTable {
            streams: Handles::new(streams),
            events: Handles::new(events),
        }
    }

    pub fn create_stream(&self) -> StreamHandle {
        self.streams.make(())
    }

    /// Stream 0 (the default) or a live one.
    pub fn check_stream(&self, stream: StreamHandle) -> Result<()> {
        self.streams.check(stream, true)
    }

    pub fn destroy_stream(&self, stream: StreamHandle) -> Result<()> {
        self.streams.remove(stream)
    }

    pub fn create_event(&self) -> EventHandle {
        self.events.make(None)
    }

    pub fn check_event(&self, event: EventHandle) -> Result<()> {
        self.events.check(event, false)
    }

    pub fn destroy_event(&self, event: EventHandle) -> Result<()> {
        self.events.remove(event).map(drop)
    }

    /// `f` of what the live `event` recorded (None: not yet).
    pub fn with_event<T>(
        &self,
        event: EventHandle,
        f: impl FnOnce(&mut Option<E>) -> T,
    ) -> Result<T> {
        self.events.with(event, f)
    }
}

/// Streams and events of a device whose launches and copies have finished
/// when they return. Any order of streams is then the order of the calls,
/// so a stream is a handle only; an event recorded is the host's clock at
/// that moment, after all work queued before it: elapsed times measure the
/// device's real work between two records.
pub type SyncStreams = StreamTable<Instant>;

impl Default for SyncStreams {
    fn default() -> Self {
        StreamTable::new("stream", "event")
    }
}

impl SyncStreams {
    /// Record `event` on `stream`: the work before it is done, so now.
    pub fn record(&self, event: EventHandle, stream: StreamHandle) -> Result<()> {
        self.check_stream(stream)?;
        self.with_event(event, |at| *at = Some(Instant::now()))
    }

    /// Milliseconds from `start` to `end` (negative if `end` was recorded first).
    pub fn elapsed_ms(&self, start: EventHandle, end: EventHandle) -> Result<f32> {
        let time = |e| {
            self.with_event(e, |at| *at)?
                .ok_or_else(|| never_recorded(e))
        };
        let (t0, t1) = (time(start)?, time(end)?);
        let ms = match t1.checked_duration_since(t0) {
            Some(d) => d.as_secs_f64() * 1e3,
            None => -(t0.duration_since(t1).as_secs_f64() * 1e3),
        };
        Ok(ms as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_refused_once_destroyed_or_made_up() {
        let s = SyncStreams::default();
        let a = s.create_stream();
        assert!(a >= FIRST_OWN_HANDLE, "own handles stay clear of 1 and 2");
        assert!(s.check_stream(0).is_ok() && s.check_stream(a).is_ok());
        s.destroy_stream(a).unwrap();
        let code = |r: Result<()>| r.unwrap_err().code;
        assert_eq!(code(s.check_stream(a)), CudaError::InvalidResourceHandle);
        assert_eq!(code(s.destroy_stream(a)), CudaError::InvalidResourceHandle);
        assert_eq!(code(s.record(12345, 0)), CudaError::InvalidResourceHandle);
    }

    #[test]
    fn elapsed_time_is_the_clock_between_records() {
        let s = SyncStreams::default();
        let (start, end) = (s.create_event(), s.create_event());
        assert_eq!(
            s.elapsed_ms(start, end).unwrap_err().code,
            CudaError::InvalidResourceHandle,
            "never recorded"
        );
        s.record(start, 0).unwrap();
        let before = Instant::now();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let slept = before.elapsed().as_secs_f64() * 1e3;
        s.record(end, 0).unwrap();
        let ms = f64::from(s.elapsed_ms(start, end).unwrap());
        assert!(ms >= slept && ms < slept + 1000.0, "{ms} ms for {slept} ms");
        assert!(f64::from(s.elapsed_ms(end, start).unwrap()) <= -slept);
        s.destroy_event(start).unwrap();
        assert!(s.elapsed_ms(start, end).is_err());
    }
}
