// out = transpose(in) for an n x n row-major matrix (n a multiple of TILE),
// through a TILE x (TILE+1) shared tile: coalesced reads and writes, and no
// bank conflicts on a GPU. Blocks of TILE x ROWS threads, each thread moving
// TILE/ROWS elements.
#define TILE 32
#define ROWS 8

__global__ void transpose(int n, const float *in, float *out) {
    __shared__ float tile[TILE][TILE + 1];
    int x = blockIdx.x * TILE + threadIdx.x;
    int y = blockIdx.y * TILE + threadIdx.y;
    for (int j = 0; j < TILE; j += ROWS)
        tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * n + x];
    __syncthreads();
    x = blockIdx.y * TILE + threadIdx.x;
    y = blockIdx.x * TILE + threadIdx.y;
    for (int j = 0; j < TILE; j += ROWS)
        out[(y + j) * n + x] = tile[threadIdx.x][threadIdx.y + j];
}
