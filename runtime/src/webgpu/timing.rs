//! Kernel time from timestamp queries, where the adapter has
//! `Features::TIMESTAMP_QUERY`.
//!
//! Every launch's compute pass (all its dispatches) writes a timestamp at
//! its start and end; the launch resolves them into a buffer and copies
//! them to a mappable one. [`Timer::last`] waits for the last launch and
//! reads them. The queries and buffers are reused from launch to launch:
//! the device holds the timer's lock from encoding a launch to submitting
//! it, and while reading, so a launch never copies into the buffer while
//! it is mapped.

use super::transfer::Gpu;
use std::time::Duration;

/// Two timestamps, 8 bytes each.
const QUERIES: u32 = 2;
const BYTES: u64 = 8 * QUERIES as u64;

pub struct Timer {
    queries: wgpu::QuerySet,
    resolved: wgpu::Buffer,
    readback: wgpu::Buffer,
    /// Nanoseconds per tick.
    period: f64,
    /// A launch wrote timestamps that have not been read.
    pending: bool,
    last: Option<Duration>,
}

impl Timer {
    /// A timer for `device`, if it has timestamp queries.
    pub fn new(device: &wgpu::Device, queue: &wgpu::Queue) -> Option<Timer> {
        if !device.features().contains(wgpu::Features::TIMESTAMP_QUERY) {
            return None;
        }
        let buffer = |label, usage| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size: BYTES,
                usage,
                mapped_at_creation: false,
            })
        };
        Some(Timer {
            queries: device.create_query_set(&wgpu::QuerySetDescriptor {
                label: Some("cuwasm kernel time"),
                ty: wgpu::QueryType::Timestamp,
                count: QUERIES,
            }),
            resolved: buffer(
                "cuwasm kernel time (resolved)",
                wgpu::BufferUsages::QUERY_RESOLVE | wgpu::BufferUsages::COPY_SRC,
            ),
            readback: buffer(
                "cuwasm kernel time (readback)",
                wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            ),
            period: f64::from(queue.get_timestamp_period()),
            pending: false,
            last: None,
        })
    }

    /// Where a launch's compute pass writes its timestamps.
    pub fn pass_writes(&self) -> wgpu::ComputePassTimestampWrites<'_> {
        wgpu::ComputePassTimestampWrites {
            query_set: &self.queries,
            beginning_of_pass_write_index: Some(0),
            end_of_pass_write_index: Some(1),
        }
    }

    /// After the pass: copy the timestamps to where [`Timer::last`] reads them.
    pub fn resolve(&mut self, encoder: &mut wgpu::CommandEncoder) {
        encoder.resolve_query_set(&self.queries, 0..QUERIES, &self.resolved, 0);
        encoder.copy_buffer_to_buffer(&self.resolved, 0, &self.readback, 0, BYTES);
        self.pending = true;
    }

    /// The GPU time of the last launch's dispatches, waiting for it; `None`
    /// before any launch or when the timestamps cannot be read.
    pub fn last(&mut self, gpu: &Gpu) -> Option<Duration> {
        if !self.pending {
            return self.last;
        }
        self.pending = false;
        let bytes = gpu.map_read(&self.readback, None).ok()?;
        let tick = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
        let nanos = tick(8).checked_sub(tick(0))? as f64 * self.period;
        self.last = Some(Duration::from_nanos(nanos as u64));
        self.last
    }
}
