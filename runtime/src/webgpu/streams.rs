//! Streams and events on the device's one wgpu queue.
//!
//! All work goes to one queue in order, which is a legal schedule for any
//! set of CUDA streams: a stream is a handle whose work is the queue's, and
//! synchronizing it waits for the queue. An event records a timestamp
//! where the queue reaches it: a GPU timestamp written by its own command
//! buffer where the adapter has `TIMESTAMP_QUERY_INSIDE_ENCODERS`, else the
//! host's clock once the queue has drained up to it (`cudaEventRecord`
//! then waits). Handles that were never made, or were destroyed, are
//! `cudaErrorInvalidResourceHandle`, as is an event never recorded.

use super::transfer::Gpu;
use crate::device::{EventHandle, StreamHandle};
use crate::error::Result;
use crate::streams::{StreamTable, never_recorded};
use std::sync::OnceLock;
use std::time::Instant;

/// Where an event's time comes from.
pub enum Recorded {
    /// A GPU timestamp on its way to `readback` (ticks, once read).
    Gpu {
        readback: wgpu::Buffer,
        submission: wgpu::SubmissionIndex,
        ticks: Option<u64>,
    },
    /// The host's clock when the queue had drained up to the event.
    Host(Instant),
}

/// The device's streams and events; an event keeps where its time comes from.
pub type Streams = StreamTable<Recorded>;

impl Default for Streams {
    fn default() -> Self {
        StreamTable::new(
            "stream of this webgpu device",
            "event of this webgpu device",
        )
    }
}

/// A reference point for host-clock events (only differences count).
fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

impl Streams {
    /// Record `event` where the queue is now.
    pub fn record(&self, gpu: &Gpu, event: EventHandle, stream: StreamHandle) -> Result<()> {
        self.check_stream(stream)?;
        self.check_event(event)?;
        let in_encoders = wgpu::Features::TIMESTAMP_QUERY_INSIDE_ENCODERS;
        let recorded = match gpu.device.features().contains(in_encoders) {
            true => gpu_timestamp(gpu)?,
            false => {
                gpu.wait(None)?;
                Recorded::Host(Instant::now())
            }
        };
        // An event destroyed meanwhile stays destroyed.
        self.with_event(event, |slot| *slot = Some(recorded))
    }

    /// Wait until the queue has passed `event`.
    pub fn synchronize(&self, gpu: &Gpu, event: EventHandle) -> Result<()> {
        self.time(gpu, event).map(drop)
    }

    /// Milliseconds from `start` to `end`, waiting for both.
    pub fn elapsed_ms(&self, gpu: &Gpu, start: EventHandle, end: EventHandle) -> Result<f32> {
        let (t0, t1) = (self.time(gpu, start)?, self.time(gpu, end)?);
        Ok(((t1 - t0) / 1e6) as f32)
    }

    /// The nanoseconds at which the queue passed `event`, on a clock its
    /// kind shares.
    fn time(&self, gpu: &Gpu, event: EventHandle) -> Result<f64> {
        self.with_event(event, |recorded| {
            let recorded = recorded.as_mut().ok_or_else(|| never_recorded(event))?;
            match recorded {
                Recorded::Host(at) => Ok(at.saturating_duration_since(epoch()).as_nanos() as f64),
                Recorded::Gpu {
                    readback,
                    submission,
                    ticks,
                } => {
                    if ticks.is_none() {
                        gpu.wait(Some(submission.clone()))?;
                        *ticks = Some(read_ticks(gpu, readback)?);
                    }
                    let period = f64::from(gpu.queue.get_timestamp_period());
                    Ok(ticks.unwrap() as f64 * period)
                }
            }
        })?
    }
}

/// Submit a command buffer that writes a GPU timestamp and copies it to a
/// buffer that can be read.
fn gpu_timestamp(gpu: &Gpu) -> Result<Recorded> {
    let queries = gpu.device.create_query_set(&wgpu::QuerySetDescriptor {
        label: Some("cuwasm event"),
        ty: wgpu::QueryType::Timestamp,
        count: 1,
    });
    let resolve = wgpu::BufferUsages::QUERY_RESOLVE | wgpu::BufferUsages::COPY_SRC;
    let resolved = gpu.buffer("cuwasm event", 8, resolve)?;
    let read = wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST;
    let readback = gpu.buffer("cuwasm event", 8, read)?;
    let submission = gpu.submit("cudaEventRecord", |encoder| {
        encoder.write_timestamp(&queries, 0);
        encoder.resolve_query_set(&queries, 0..1, &resolved, 0);
        encoder.copy_buffer_to_buffer(&resolved, 0, &readback, 0, 8);
    })?;
    Ok(Recorded::Gpu {
        readback,
        submission,
        ticks: None,
    })
}

/// The timestamp in `readback`, whose copy has run.
fn read_ticks(gpu: &Gpu, readback: &wgpu::Buffer) -> Result<u64> {
    let bytes = gpu.map_read(readback, None)?;
    Ok(u64::from_le_bytes(bytes[..8].try_into().unwrap()))
}
