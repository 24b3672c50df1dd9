// 12_nbody: all-pairs gravitational accelerations for 2048 bodies (float4:
// xyz position, w mass), tiled through __shared__ memory, with rsqrtf and a
// softening term, then one leapfrog-style integration step. The host computes
// the same physics in double; each body's error is measured against the sum
// of the magnitudes of its pairwise terms.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define NBODIES 2048
#define TILE 256
#define SOFTENING2 0.01f
#define DT 0.001f

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__device__ float3 body_body(float4 bi, float4 bj, float3 ai) {
  float3 r;
  r.x = bj.x - bi.x;
  r.y = bj.y - bi.y;
  r.z = bj.z - bi.z;
  float dist2 = r.x * r.x + r.y * r.y + r.z * r.z + SOFTENING2;
  float inv = rsqrtf(dist2);
  float inv3 = inv * inv * inv;
  float s = bj.w * inv3;
  ai.x += r.x * s;
  ai.y += r.y * s;
  ai.z += r.z * s;
  return ai;
}

__global__ void accelerations(const float4 *pos, float4 *acc, int n) {
  __shared__ float4 tile[TILE];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float4 me = (i < n) ? pos[i] : make_float4(0.0f, 0.0f, 0.0f, 0.0f);
  float3 a = make_float3(0.0f, 0.0f, 0.0f);
  for (int start = 0; start < n; start += TILE) {
    int j = start + threadIdx.x;
    tile[threadIdx.x] = (j < n) ? pos[j] : make_float4(0.0f, 0.0f, 0.0f, 0.0f);
    __syncthreads();
    int count = (n - start < TILE) ? (n - start) : TILE;
    for (int k = 0; k < count; k++) a = body_body(me, tile[k], a);
    __syncthreads();
  }
  if (i < n) acc[i] = make_float4(a.x, a.y, a.z, 0.0f);
}

__global__ void integrate(float4 *pos, float4 *vel, const float4 *acc, int n, float dt) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float4 v = vel[i];
  float4 p = pos[i];
  v.x += acc[i].x * dt;
  v.y += acc[i].y * dt;
  v.z += acc[i].z * dt;
  p.x += v.x * dt;
  p.y += v.y * dt;
  p.z += v.z * dt;
  vel[i] = v;
  pos[i] = p;
}

static unsigned int g_seed = 42u;
static float frand(float lo, float hi) {
  g_seed = g_seed * 1664525u + 1013904223u;
  return lo + (hi - lo) * (float)(g_seed >> 8) / 16777216.0f;
}

int main() {
  const int n = NBODIES;
  float4 *h_pos = (float4 *)malloc(n * sizeof(float4));
  float4 *h_vel = (float4 *)malloc(n * sizeof(float4));
  float4 *h_acc = (float4 *)malloc(n * sizeof(float4));
  float4 *h_pos_out = (float4 *)malloc(n * sizeof(float4));
  for (int i = 0; i < n; i++) {
    h_pos[i].x = frand(-1.0f, 1.0f);
    h_pos[i].y = frand(-1.0f, 1.0f);
    h_pos[i].z = frand(-1.0f, 1.0f);
    h_pos[i].w = frand(0.5f, 1.5f);
    h_vel[i].x = frand(-0.1f, 0.1f);
    h_vel[i].y = frand(-0.1f, 0.1f);
    h_vel[i].z = frand(-0.1f, 0.1f);
    h_vel[i].w = 0.0f;
  }

  float4 *d_pos, *d_vel, *d_acc;
  CUDA_CHECK(cudaMalloc(&d_pos, n * sizeof(float4)));
  CUDA_CHECK(cudaMalloc(&d_vel, n * sizeof(float4)));
  CUDA_CHECK(cudaMalloc(&d_acc, n * sizeof(float4)));
  CUDA_CHECK(cudaMemcpy(d_pos, h_pos, n * sizeof(float4), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_vel, h_vel, n * sizeof(float4), cudaMemcpyHostToDevice));

  int blocks = (n + TILE - 1) / TILE;
  accelerations<<<blocks, TILE>>>(d_pos, d_acc, n);
  CUDA_CHECK(cudaGetLastError());
  integrate<<<blocks, TILE>>>(d_pos, d_vel, d_acc, n, DT);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(h_acc, d_acc, n * sizeof(float4), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_pos_out, d_pos, n * sizeof(float4), cudaMemcpyDeviceToHost));

  int bad_acc = 0, bad_pos = 0;
  for (int i = 0; i < n; i++) {
    double ax = 0, ay = 0, az = 0, mag = 0;
    for (int j = 0; j < n; j++) {
      double rx = (double)h_pos[j].x - h_pos[i].x;
      double ry = (double)h_pos[j].y - h_pos[i].y;
      double rz = (double)h_pos[j].z - h_pos[i].z;
      double d2 = rx * rx + ry * ry + rz * rz + (double)SOFTENING2;
      double s = (double)h_pos[j].w / (d2 * sqrt(d2));
      ax += rx * s;
      ay += ry * s;
      az += rz * s;
      mag += sqrt(rx * rx + ry * ry + rz * rz) * s;
    }
    double tol = 1e-4 * mag + 1e-6;
    if (fabs(h_acc[i].x - ax) > tol || fabs(h_acc[i].y - ay) > tol || fabs(h_acc[i].z - az) > tol) bad_acc++;
    // position after one step, from the reference acceleration
    double vx = h_vel[i].x + ax * DT, vy = h_vel[i].y + ay * DT, vz = h_vel[i].z + az * DT;
    double px = h_pos[i].x + vx * DT, py = h_pos[i].y + vy * DT, pz = h_pos[i].z + vz * DT;
    if (fabs(h_pos_out[i].x - px) > 1e-5 || fabs(h_pos_out[i].y - py) > 1e-5 ||
        fabs(h_pos_out[i].z - pz) > 1e-5)
      bad_pos++;
  }

  cudaFree(d_pos);
  cudaFree(d_vel);
  cudaFree(d_acc);
  free(h_pos);
  free(h_vel);
  free(h_acc);
  free(h_pos_out);
  int ok = bad_acc == 0 && bad_pos == 0;
  printf("nbody: bodies=%d tile=%d bad_acc=%d bad_pos=%d %s\n", n, TILE, bad_acc, bad_pos, ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}
