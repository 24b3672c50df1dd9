// 20_constant_tables: __constant__ arrays with initializers: a CRC-32 nibble
// table (used to checksum variable-length records, including the standard
// check string "123456789"), a 4-bit popcount table, a table of structs, a 2D
// table, and a float lookup table with linear interpolation. The host
// computes CRC-32 bit by bit and popcounts by shifting, without the tables.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__constant__ unsigned int c_crc_nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
    0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu, 0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu};

__constant__ unsigned char c_popcount4[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};

struct Rule {
  int divisor;
  int bonus;
};
__constant__ Rule c_rules[4] = {{3, 1}, {5, 10}, {7, 100}, {11, 1000}};

__constant__ int c_magic[3][3] = {{2, 7, 6}, {9, 5, 1}, {4, 3, 8}};

#define LUT_SIZE 9
// samples of sqrt(x) at x = 0, 1/8, ..., 1 (rounded to 6 decimals)
__constant__ float c_sqrt_lut[LUT_SIZE] = {0.0f,      0.353553f, 0.5f,      0.612372f, 0.707107f,
                                           0.790569f, 0.866025f, 0.935414f, 1.0f};

__global__ void crc32_records(const unsigned char *data, const int *offsets, const int *lengths,
                              unsigned int *crcs, int records) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= records) return;
  unsigned int crc = 0xFFFFFFFFu;
  const unsigned char *p = data + offsets[r];
  for (int i = 0; i < lengths[r]; i++) {
    crc ^= p[i];
    crc = (crc >> 4) ^ c_crc_nibble[crc & 15u];
    crc = (crc >> 4) ^ c_crc_nibble[crc & 15u];
  }
  crcs[r] = ~crc;
}

__global__ void table_misc(int n, int *pop, int *bonus, int *magic, float *interp) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  unsigned int v = (unsigned int)i * 2654435761u;
  int count = 0;
  for (int k = 0; k < 8; k++) count += c_popcount4[(v >> (4 * k)) & 15u];
  pop[i] = count;
  int b = 0;
  for (int k = 0; k < 4; k++)
    if (i % c_rules[k].divisor == 0) b += c_rules[k].bonus;
  bonus[i] = b;
  magic[i] = c_magic[i % 3][(i / 3) % 3];
  float x = (float)(i % 1024) / 1024.0f;  // [0, 1)
  float pos = x * (LUT_SIZE - 1);
  int lo = (int)pos;
  float frac = pos - (float)lo;
  interp[i] = c_sqrt_lut[lo] + frac * (c_sqrt_lut[lo + 1] - c_sqrt_lut[lo]);
}

static unsigned int crc32_bitwise(const unsigned char *p, int len) {
  unsigned int crc = 0xFFFFFFFFu;
  for (int i = 0; i < len; i++) {
    crc ^= p[i];
    for (int b = 0; b < 8; b++) crc = (crc & 1u) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
  }
  return ~crc;
}

int main() {
  const int records = 2000;
  int *h_off = (int *)malloc(records * sizeof(int));
  int *h_len = (int *)malloc(records * sizeof(int));
  int total = 0;
  for (int r = 0; r < records; r++) {
    h_len[r] = (r == 0) ? 9 : 1 + (r * 37) % 64;
    h_off[r] = total;
    total += h_len[r];
  }
  unsigned char *h_data = (unsigned char *)malloc(total);
  memcpy(h_data, "123456789", 9);
  unsigned int s = 5u;
  for (int i = 9; i < total; i++) {
    s = s * 1103515245u + 12345u;
    h_data[i] = (unsigned char)(s >> 16);
  }

  unsigned char *d_data;
  int *d_off, *d_len;
  unsigned int *d_crcs;
  CUDA_CHECK(cudaMalloc(&d_data, total));
  CUDA_CHECK(cudaMalloc(&d_off, records * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_len, records * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_crcs, records * sizeof(unsigned int)));
  CUDA_CHECK(cudaMemcpy(d_data, h_data, total, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_off, h_off, records * sizeof(int), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_len, h_len, records * sizeof(int), cudaMemcpyHostToDevice));
  crc32_records<<<(records + 127) / 128, 128>>>(d_data, d_off, d_len, d_crcs, records);
  CUDA_CHECK(cudaGetLastError());

  const int n = 1 << 16;
  int *d_pop, *d_bonus, *d_magic;
  float *d_interp;
  CUDA_CHECK(cudaMalloc(&d_pop, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_bonus, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_magic, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_interp, n * sizeof(float)));
  table_misc<<<n / 256, 256>>>(n, d_pop, d_bonus, d_magic, d_interp);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());

  unsigned int *h_crcs = (unsigned int *)malloc(records * sizeof(unsigned int));
  int *h_pop = (int *)malloc(n * sizeof(int));
  int *h_bonus = (int *)malloc(n * sizeof(int));
  int *h_magic = (int *)malloc(n * sizeof(int));
  float *h_interp = (float *)malloc(n * sizeof(float));
  CUDA_CHECK(cudaMemcpy(h_crcs, d_crcs, records * sizeof(unsigned int), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_pop, d_pop, n * sizeof(int), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_bonus, d_bonus, n * sizeof(int), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_magic, d_magic, n * sizeof(int), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_interp, d_interp, n * sizeof(float), cudaMemcpyDeviceToHost));

  int bad_crc = 0, bad_tab = 0;
  for (int r = 0; r < records; r++)
    if (h_crcs[r] != crc32_bitwise(h_data + h_off[r], h_len[r])) bad_crc++;
  const int magic[3][3] = {{2, 7, 6}, {9, 5, 1}, {4, 3, 8}};
  const float lut[LUT_SIZE] = {0.0f, 0.353553f, 0.5f, 0.612372f, 0.707107f, 0.790569f, 0.866025f, 0.935414f, 1.0f};
  double max_interp_err = 0.0;
  for (int i = 0; i < n; i++) {
    unsigned int v = (unsigned int)i * 2654435761u;
    int count = 0;
    while (v) {
      count += (int)(v & 1u);
      v >>= 1;
    }
    int b = (i % 3 == 0 ? 1 : 0) + (i % 5 == 0 ? 10 : 0) + (i % 7 == 0 ? 100 : 0) + (i % 11 == 0 ? 1000 : 0);
    if (h_pop[i] != count || h_bonus[i] != b || h_magic[i] != magic[i % 3][(i / 3) % 3]) bad_tab++;
    // the same interpolation in double from the host's copy of the samples
    double x = (double)(i % 1024) / 1024.0;
    double pos = x * (LUT_SIZE - 1);
    int lo = (int)pos;
    double want = lut[lo] + (pos - lo) * ((double)lut[lo + 1] - lut[lo]);
    if (fabs((double)h_interp[i] - want) > 1e-6) bad_tab++;
    // and linear interpolation of sqrt with samples h = 1/8 apart is within sqrt(h)/4 of sqrt
    double err = fabs((double)h_interp[i] - sqrt(x));
    if (err > max_interp_err) max_interp_err = err;
  }
  if (max_interp_err > 0.0885) bad_tab++;

  cudaFree(d_data);
  cudaFree(d_off);
  cudaFree(d_len);
  cudaFree(d_crcs);
  cudaFree(d_pop);
  cudaFree(d_bonus);
  cudaFree(d_magic);
  cudaFree(d_interp);
  int ok = bad_crc == 0 && bad_tab == 0;
  printf("constant_tables: crc32(\"123456789\")=%08x records=%d bad_crc=%d\n", h_crcs[0], records, bad_crc);
  printf("constant_tables: n=%d bad_tables=%d %s\n", n, bad_tab, ok ? "PASSED" : "FAILED");
  free(h_off);
  free(h_len);
  free(h_data);
  free(h_crcs);
  free(h_pop);
  free(h_bonus);
  free(h_magic);
  free(h_interp);
  return ok ? 0 : 1;
}
