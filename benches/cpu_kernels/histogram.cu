// 256-bin histogram of n bytes: each block counts a grid-stride slice into a
// private shared-memory histogram (atomicAdd on shared), then adds it to the
// global one (atomicAdd on global).
#define BINS 256

__global__ void histogram(int n, const unsigned char *data, unsigned int *hist) {
    __shared__ unsigned int local[BINS];
    for (int b = threadIdx.x; b < BINS; b += blockDim.x)
        local[b] = 0;
    __syncthreads();
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
        atomicAdd(&local[data[i]], 1u);
    __syncthreads();
    for (int b = threadIdx.x; b < BINS; b += blockDim.x)
        atomicAdd(&hist[b], local[b]);
}
