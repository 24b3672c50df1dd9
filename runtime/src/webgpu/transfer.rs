//! Copies and fills of device memory through wgpu's queue.
//!
//! wgpu moves buffer data in 4-byte units at 4-byte offsets; CUDA copies
//! any byte range. An aligned range goes straight through
//! (`queue.write_buffer`, `copy_buffer_to_buffer`, `clear_buffer`, a
//! staging buffer mapped for reading); an unaligned one is widened to whole
//! words, whose bytes outside the range are read first and written back
//! unchanged (buffers are allocated in whole words, so the widened range
//! stays inside). All queue work is ordered: a copy sees every launch
//! submitted before it. Reads wait for the queue, as `cudaMemcpy` does.

use super::errors;
use super::memory::Range;
use crate::error::{CudaError, Result, RuntimeError};
use std::sync::mpsc;

/// How long a read-back may wait for its buffer to be mapped.
const MAP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// wgpu's copy unit.
const WORD: u64 = wgpu::COPY_BUFFER_ALIGNMENT;
/// Bytes a fill writes per queue write.
const FILL_CHUNK: u64 = 16 << 20;

/// A device and its queue.
pub struct Gpu {
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
}

fn aligned(offset: u64, bytes: u64) -> bool {
    offset.is_multiple_of(WORD) && bytes.is_multiple_of(WORD)
}

/// The whole words around `[offset, offset + bytes)`.
fn widen(offset: u64, bytes: u64) -> (u64, u64) {
    let start = offset / WORD * WORD;
    let end = (offset + bytes).next_multiple_of(WORD);
    (start, end - start)
}

impl Gpu {
    /// A new buffer of `bytes` (a multiple of 4) with `usage`; out of
    /// memory is `cudaErrorMemoryAllocation`.
    pub fn buffer(
        &self,
        label: &str,
        bytes: u64,
        usage: wgpu::BufferUsages,
    ) -> Result<wgpu::Buffer> {
        errors::scoped(&self.device, CudaError::MemoryAllocation, label, || {
            self.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size: bytes,
                usage,
                mapped_at_creation: false,
            })
        })
    }

    /// Record commands with `encode` and submit them; wgpu's complaints are
    /// the result.
    pub fn submit(
        &self,
        what: &str,
        encode: impl FnOnce(&mut wgpu::CommandEncoder),
    ) -> Result<wgpu::SubmissionIndex> {
        errors::scoped(&self.device, CudaError::LaunchFailure, what, || {
            let mut encoder = self
                .device
                .create_command_encoder(&wgpu::CommandEncoderDescriptor { label: Some(what) });
            encode(&mut encoder);
            self.queue.submit([encoder.finish()])
        })
    }

    /// Block until `submission` (and all before it) has run.
    pub fn wait(&self, submission: Option<wgpu::SubmissionIndex>) -> Result<()> {
        let poll = wgpu::PollType::Wait {
            submission_index: submission,
            timeout: None,
        };
        self.device.poll(poll).map(drop).map_err(|e| {
            RuntimeError::new(
                CudaError::LaunchFailure,
                format!("waiting for the webgpu device: {e}"),
            )
        })
    }

    /// Copy `data` to `dst` (`dst.bytes == data.len()`).
    pub fn write(&self, dst: &Range, data: &[u8]) -> Result<()> {
        if data.is_empty() {
            return Ok(());
        }
        if aligned(dst.offset, dst.bytes) {
            return errors::scoped(
                &self.device,
                CudaError::InvalidValue,
                "copy to the device",
                || self.queue.write_buffer(&dst.buffer, dst.offset, data),
            );
        }
        let (start, bytes) = widen(dst.offset, dst.bytes);
        let mut words = self.read_words(&dst.buffer, start, WORD)?;
        if bytes > WORD {
            words.resize((bytes - WORD) as usize, 0);
            words.extend(self.read_words(&dst.buffer, start + bytes - WORD, WORD)?);
        }
        let at = (dst.offset - start) as usize;
        words[at..at + data.len()].copy_from_slice(data);
        errors::scoped(
            &self.device,
            CudaError::InvalidValue,
            "copy to the device",
            || self.queue.write_buffer(&dst.buffer, start, &words),
        )
    }

    /// Copy `src` to `out` (`src.bytes == out.len()`).
    pub fn read(&self, src: &Range, out: &mut [u8]) -> Result<()> {
        if out.is_empty() {
            return Ok(());
        }
        let (start, bytes) = widen(src.offset, src.bytes);
        let words = self.read_words(&src.buffer, start, bytes)?;
        let at = (src.offset - start) as usize;
        out.copy_from_slice(&words[at..at + out.len()]);
        Ok(())
    }

    /// The `bytes` bytes at `offset` of `buffer`, both multiples of 4,
    /// through a staging buffer.
    fn read_words(&self, buffer: &wgpu::Buffer, offset: u64, bytes: u64) -> Result<Vec<u8>> {
        let usage = wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST;
        let staging = self.buffer("cuwasm readback", bytes, usage)?;
        let submission = self.submit("copy to the host", |encoder| {
            encoder.copy_buffer_to_buffer(buffer, offset, &staging, 0, bytes)
        })?;
        self.map_read(&staging, Some(submission))
    }

    /// The contents of `buffer` (a `MAP_READ` one) once the queue has run
    /// `submission` (everything submitted, for `None`).
    pub fn map_read(
        &self,
        buffer: &wgpu::Buffer,
        submission: Option<wgpu::SubmissionIndex>,
    ) -> Result<Vec<u8>> {
        let (sender, receiver) = mpsc::channel();
        buffer.map_async(wgpu::MapMode::Read, .., move |r| drop(sender.send(r)));
        self.wait(submission)?;
        let failed = |why: String| {
            RuntimeError::new(
                CudaError::LaunchFailure,
                format!("reading back from the device: {why}"),
            )
        };
        // Another host thread's poll may be the one running our callback:
        // then it comes a little after our own wait returns.
        let deadline = std::time::Instant::now() + MAP_TIMEOUT;
        loop {
            match receiver.recv_timeout(std::time::Duration::from_millis(1)) {
                Ok(Ok(())) => break,
                Ok(Err(e)) => return Err(failed(e.to_string())),
                Err(mpsc::RecvTimeoutError::Timeout) if std::time::Instant::now() < deadline => {
                    self.wait(None)?;
                }
                Err(_) => return Err(failed("the buffer was not mapped".into())),
            }
        }
        let data = buffer.get_mapped_range(..).map(|view| view.to_vec());
        buffer.unmap();
        data.map_err(|e| failed(e.to_string()))
    }

    /// Copy `src` to `dst` (same length; they may overlap).
    pub fn copy(&self, dst: &Range, src: &Range) -> Result<()> {
        let bytes = src.bytes;
        if bytes == 0 {
            return Ok(());
        }
        if !aligned(src.offset, bytes) || !aligned(dst.offset, bytes) {
            let mut data = vec![0u8; bytes as usize];
            self.read(src, &mut data)?;
            return self.write(dst, &data);
        }
        // WebGPU copies only between distinct buffers: within one, the
        // bytes go through a temporary buffer (which also makes overlap safe).
        let temporary = match src.buffer == dst.buffer {
            true => Some(self.buffer(
                "cuwasm copy",
                bytes,
                wgpu::BufferUsages::COPY_SRC | wgpu::BufferUsages::COPY_DST,
            )?),
            false => None,
        };
        self.submit("device-to-device copy", |encoder| match &temporary {
            Some(t) => {
                encoder.copy_buffer_to_buffer(&src.buffer, src.offset, t, 0, bytes);
                encoder.copy_buffer_to_buffer(t, 0, &dst.buffer, dst.offset, bytes);
            }
            None => encoder.copy_buffer_to_buffer(
                &src.buffer,
                src.offset,
                &dst.buffer,
                dst.offset,
                bytes,
            ),
        })
        .map(drop)
    }

    /// Set every byte of `dst` to `value`.
    pub fn fill(&self, dst: &Range, value: u8) -> Result<()> {
        let end = dst.offset + dst.bytes;
        // The whole words inside the range, and the bytes on either side.
        let inner_start = dst.offset.next_multiple_of(WORD).min(end);
        let inner_end = (end / WORD * WORD).max(inner_start);
        let part = |offset: u64, bytes: u64| Range {
            buffer: dst.buffer.clone(),
            offset,
            bytes,
        };
        for edge in [
            part(dst.offset, inner_start - dst.offset),
            part(inner_end, end - inner_end),
        ] {
            self.write(&edge, &vec![value; edge.bytes as usize])?;
        }
        let inner = part(inner_start, inner_end - inner_start);
        if inner.bytes == 0 {
            return Ok(());
        }
        if value == 0 {
            return self
                .submit("memset", |encoder| {
                    encoder.clear_buffer(&inner.buffer, inner.offset, Some(inner.bytes))
                })
                .map(drop);
        }
        let pattern = vec![value; inner.bytes.min(FILL_CHUNK) as usize];
        let mut at = inner.offset;
        while at < inner_end {
            let n = (inner_end - at).min(FILL_CHUNK);
            errors::scoped(&self.device, CudaError::InvalidValue, "memset", || {
                self.queue
                    .write_buffer(&inner.buffer, at, &pattern[..n as usize]);
                // Hand each chunk to the queue, so staging memory stays one chunk.
                self.queue.submit([]);
            })?;
            at += n;
        }
        Ok(())
    }
}
