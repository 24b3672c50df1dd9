// One 7-point Jacobi step on an nx x ny x nz grid (x fastest), every index
// written out as the ((z * ny + y) * nx + x) chain of its cell, the way
// CUDA codes write them; the boundary is copied unchanged. Blocks of 32 x 4
// threads cover an x-y plane, blockIdx.z picks the plane.
#define IDX(x, y, z) (((z) * ny + (y)) * nx + (x))

__global__ void stencil3d(int nx, int ny, int nz, const float *in, float *out) {
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int z = blockIdx.z;
    if (x >= nx || y >= ny || z >= nz) return;
    if (x == 0 || y == 0 || z == 0 || x == nx - 1 || y == ny - 1 || z == nz - 1) {
        out[IDX(x, y, z)] = in[IDX(x, y, z)];
        return;
    }
    out[IDX(x, y, z)] = 0.4f * in[IDX(x, y, z)] +
                        0.1f * (in[IDX(x - 1, y, z)] + in[IDX(x + 1, y, z)] +
                                in[IDX(x, y - 1, z)] + in[IDX(x, y + 1, z)] +
                                in[IDX(x, y, z - 1)] + in[IDX(x, y, z + 1)]);
}
