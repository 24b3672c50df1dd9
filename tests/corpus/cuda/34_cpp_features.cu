// 34_cpp_features: C++ that CUDA code commonly uses, in device and host code:
// a namespace with a small vector class (constructors, member functions,
// operator overloads, const references), enum class, typedef and using,
// constexpr, static functions, default arguments, references as output
// parameters, a class template with a non-type parameter (fixed-size
// array), __host__ __device__ functions shared by both sides, host
// new[]/delete[], and main(argc, argv). Exact integer/dyadic arithmetic.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

namespace geo {

struct Vec3 {
  float x, y, z;
  __host__ __device__ Vec3() : x(0.0f), y(0.0f), z(0.0f) {}
  __host__ __device__ Vec3(float a, float b, float c) : x(a), y(b), z(c) {}
  __host__ __device__ Vec3 operator+(const Vec3 &o) const { return Vec3(x + o.x, y + o.y, z + o.z); }
  __host__ __device__ Vec3 operator-(const Vec3 &o) const { return Vec3(x - o.x, y - o.y, z - o.z); }
  __host__ __device__ Vec3 operator*(float s) const { return Vec3(x * s, y * s, z * s); }
  __host__ __device__ Vec3 &operator+=(const Vec3 &o) {
    x += o.x;
    y += o.y;
    z += o.z;
    return *this;
  }
  __host__ __device__ float dot(const Vec3 &o) const { return x * o.x + y * o.y + z * o.z; }
  __host__ __device__ Vec3 cross(const Vec3 &o) const {
    return Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
  }
};

enum class Mode { Sum, Cross, Scaled };

}  // namespace geo

typedef unsigned int u32;
using index_t = int;
constexpr int kHistory = 4;

template <typename T, int N>
struct FixedArray {
  T data[N];
  __host__ __device__ T &operator[](int i) { return data[i]; }
  __host__ __device__ const T &operator[](int i) const { return data[i]; }
  __host__ __device__ static constexpr int size() { return N; }
};

__host__ __device__ static geo::Vec3 make_vec(index_t i, float scale = 0.5f) {
  return geo::Vec3((float)(i % 13) * scale, (float)(i % 7) - 3.0f, (float)(i % 5) * scale * scale);
}

__host__ __device__ void combine(const geo::Vec3 &a, const geo::Vec3 &b, geo::Mode mode, geo::Vec3 &out,
                                 float &dot_out) {
  switch (mode) {
    case geo::Mode::Sum: out = a + b; break;
    case geo::Mode::Cross: out = a.cross(b); break;
    case geo::Mode::Scaled: out = (a - b) * 0.25f; break;
  }
  dot_out = a.dot(b);
}

__global__ void kernel(geo::Vec3 *out, float *dots, u32 *hist_sum, index_t n, geo::Mode mode) {
  index_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  geo::Vec3 a = make_vec(i);
  geo::Vec3 b = make_vec(i * 3 + 1, 0.25f);
  geo::Vec3 r;
  float d;
  combine(a, b, mode, r, d);
  FixedArray<u32, kHistory> h;
  for (int k = 0; k < FixedArray<u32, kHistory>::size(); k++) h[k] = (u32)(i >> k) & 3u;
  u32 s = 0;
  for (int k = 0; k < kHistory; k++) s += h[k];
  geo::Vec3 acc;
  acc += r;
  acc += geo::Vec3(1.0f, 1.0f, 1.0f);
  out[i] = acc;
  dots[i] = d;
  hist_sum[i] = s;
}

int main(int argc, char **argv) {
  (void)argv;
  const index_t n = 20000 + (argc > 100 ? 1 : 0);
  geo::Vec3 *h_out = new geo::Vec3[n];
  float *h_dots = new float[n];
  u32 *h_hist = new u32[n];
  geo::Vec3 *d_out;
  float *d_dots;
  u32 *d_hist;
  CUDA_CHECK(cudaMalloc(&d_out, n * sizeof(geo::Vec3)));
  CUDA_CHECK(cudaMalloc(&d_dots, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_hist, n * sizeof(u32)));

  const geo::Mode modes[3] = {geo::Mode::Sum, geo::Mode::Cross, geo::Mode::Scaled};
  const char *names[3] = {"Sum", "Cross", "Scaled"};
  int total_bad = 0;
  for (int m = 0; m < 3; m++) {
    kernel<<<(n + 255) / 256, 256>>>(d_out, d_dots, d_hist, n, modes[m]);
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaDeviceSynchronize());
    CUDA_CHECK(cudaMemcpy(h_out, d_out, n * sizeof(geo::Vec3), cudaMemcpyDeviceToHost));
    CUDA_CHECK(cudaMemcpy(h_dots, d_dots, n * sizeof(float), cudaMemcpyDeviceToHost));
    CUDA_CHECK(cudaMemcpy(h_hist, d_hist, n * sizeof(u32), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (index_t i = 0; i < n; i++) {
      // host reference in double with explicit component formulas
      double ax = (i % 13) * 0.5, ay = (i % 7) - 3.0, az = (i % 5) * 0.25;
      int j = i * 3 + 1;
      double bx = (j % 13) * 0.25, by = (j % 7) - 3.0, bz = (j % 5) * 0.0625;
      double rx, ry, rz;
      if (m == 0) {
        rx = ax + bx; ry = ay + by; rz = az + bz;
      } else if (m == 1) {
        rx = ay * bz - az * by; ry = az * bx - ax * bz; rz = ax * by - ay * bx;
      } else {
        rx = (ax - bx) / 4; ry = (ay - by) / 4; rz = (az - bz) / 4;
      }
      double dot = ax * bx + ay * by + az * bz;
      u32 hs = (i & 3) + ((i >> 1) & 3) + ((i >> 2) & 3) + ((i >> 3) & 3);
      if (h_out[i].x != rx + 1.0 || h_out[i].y != ry + 1.0 || h_out[i].z != rz + 1.0 || h_dots[i] != dot ||
          h_hist[i] != hs)
        bad++;
    }
    printf("cpp_features: mode=%s bad=%d\n", names[m], bad);
    total_bad += bad;
  }
  cudaFree(d_out);
  cudaFree(d_dots);
  cudaFree(d_hist);
  delete[] h_out;
  delete[] h_dots;
  delete[] h_hist;
  printf("cpp_features: n=%d %s\n", n, total_bad == 0 ? "PASSED" : "FAILED");
  return total_bad == 0 ? 0 : 1;
}
