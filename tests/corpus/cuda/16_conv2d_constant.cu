// 16_conv2d_constant: 2D 5x5 convolution of a 512 x 384 image, filter in a
// 2D __constant__ array set with cudaMemcpyToSymbol, clamp-to-edge borders,
// 2D grid of 16x16 blocks. Integer pixels and dyadic weights make the result
// exact; compared exactly with the host.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define FW 5
#define FR (FW / 2)
#define W 512
#define H 384

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__constant__ float c_filter[FW][FW];

__device__ __host__ inline int clampi(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }

__global__ void conv2d(const float *img, float *out, int width, int height) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= width || y >= height) return;
  float acc = 0.0f;
  for (int fy = 0; fy < FW; fy++) {
    int sy = clampi(y + fy - FR, 0, height - 1);
    for (int fx = 0; fx < FW; fx++) {
      int sx = clampi(x + fx - FR, 0, width - 1);
      acc += c_filter[fy][fx] * img[sy * width + sx];
    }
  }
  out[y * width + x] = acc;
}

int main() {
  float filter[FW][FW];
  // a sharpening-like kernel: integer weights divided by 8
  const int weights[FW][FW] = {{0, -1, -1, -1, 0},
                               {-1, 2, 2, 2, -1},
                               {-1, 2, 8, 2, -1},
                               {-1, 2, 2, 2, -1},
                               {0, -1, -1, -1, 0}};
  for (int i = 0; i < FW; i++)
    for (int j = 0; j < FW; j++) filter[i][j] = weights[i][j] / 8.0f;

  float *h_img = (float *)malloc(W * H * sizeof(float));
  float *h_out = (float *)malloc(W * H * sizeof(float));
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) h_img[y * W + x] = (float)((x * x + 3 * y) % 256);

  float *d_img, *d_out;
  CUDA_CHECK(cudaMalloc(&d_img, W * H * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_out, W * H * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(d_img, h_img, W * H * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpyToSymbol(c_filter, filter, sizeof(filter)));

  dim3 block(16, 16);
  dim3 grid((W + 15) / 16, (H + 15) / 16);
  conv2d<<<grid, block>>>(d_img, d_out, W, H);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(h_out, d_out, W * H * sizeof(float), cudaMemcpyDeviceToHost));

  int errors = 0;
  long long checksum = 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      int acc8 = 0;  // exact, in units of 1/8
      for (int fy = 0; fy < FW; fy++)
        for (int fx = 0; fx < FW; fx++) {
          int sy = clampi(y + fy - FR, 0, H - 1), sx = clampi(x + fx - FR, 0, W - 1);
          acc8 += weights[fy][fx] * (int)h_img[sy * W + sx];
        }
      if ((double)h_out[y * W + x] * 8.0 != (double)acc8) errors++;
      checksum += acc8;
    }
  cudaFree(d_img);
  cudaFree(d_out);
  free(h_img);
  free(h_out);
  printf("conv2d_constant: %dx%d filter=%dx%d checksum8=%lld errors=%d %s\n", W, H, FW, FW, checksum, errors,
         errors == 0 ? "PASSED" : "FAILED");
  return errors == 0 ? 0 : 1;
}
