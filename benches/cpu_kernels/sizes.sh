# The problem sizes of the CPU kernel set (benches/cpu_kernels), sourced by
# the benchmark scripts: n x n matrices for sgemm, stencil and transpose
# (4064, not 4096: a power-of-two row stride makes the columns of a transpose
# tile collide in the caches), an n^3 grid for stencil3d, elements for the
# others. On a quiet 2-core machine a gcc launch takes 6-16 ms and a cuwasm
# one 40-200 ms (BENCHMARKS.md).
declare -A size=(
  [saxpy]=33554432 [sgemm]=512 [stencil]=4096 [reduction]=67108864
  [transpose]=4064 [histogram]=33554432 [stencil3d]=256
)
