// Sum of n floats: every block reduces a grid-stride slice of the input
// through a shared-memory tree and adds its partial sum to *out (atomicAdd).
#define BLOCK 256

__global__ void reduce_sum(int n, const float *in, float *out) {
    __shared__ float partial[BLOCK];
    int tid = threadIdx.x;
    float sum = 0.0f;
    for (int i = blockIdx.x * BLOCK + tid; i < n; i += gridDim.x * BLOCK)
        sum += in[i];
    partial[tid] = sum;
    __syncthreads();
    for (int s = BLOCK / 2; s > 0; s >>= 1) {
        if (tid < s) partial[tid] += partial[tid + s];
        __syncthreads();
    }
    if (tid == 0) atomicAdd(out, partial[0]);
}
