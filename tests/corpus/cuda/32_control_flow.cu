// 32_control_flow: C control flow inside a kernel: do-while (Collatz steps),
// switch with fallthrough, a case block with its own scope and default,
// comma operators in for headers and expressions, break/continue in nested
// loops, short-circuit && / || with side effects, nested ternaries, an enum,
// and a small bytecode interpreter (a while loop around a switch over opcodes
// from a __constant__ program). The host reference is written differently
// (if-chains, for loops) and the comparison is exact.
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

enum Op { OP_PUSH = 0, OP_ADD, OP_MUL, OP_DUP, OP_SWAP, OP_LOOP, OP_HALT, OP_LOADX, OP_MOD, OP_SETK };

// r = x; repeat 5 times: r = (r + r + r + 7) % 1009
__constant__ int c_program[] = {
    OP_SETK, 5,          // 0: loop counter k = 5
    OP_LOADX,            // 2: [x]
    OP_DUP, OP_DUP,      // 3: [r, r, r]
    OP_ADD, OP_ADD,      // 5: [3r]
    OP_PUSH, 7,          // 7: [3r, 7]
    OP_SWAP,             // 9: [7, 3r]
    OP_ADD,              // 10: [3r + 7]
    OP_PUSH, 1009,       // 11
    OP_MOD,              // 13: [(3r + 7) % 1009]
    OP_LOOP, 3,          // 14: if (--k != 0) goto 3
    OP_HALT              // 16
};

struct Out {
  int collatz;
  int sw;
  int comma;
  int nested;
  int logic;
  int tern;
  int vm;
};

__device__ int run_vm(int x) {
  int stack[8];
  int sp = 0, pc = 0, k = 0, steps = 0;
  bool running = true;
  while (running && steps < 1000) {
    ++steps;
    int op = c_program[pc++];
    switch (op) {
      case OP_PUSH: stack[sp++] = c_program[pc++]; break;
      case OP_LOADX: stack[sp++] = x; break;
      case OP_SETK: k = c_program[pc++]; break;
      case OP_ADD: --sp, stack[sp - 1] += stack[sp]; break;
      case OP_MUL: --sp, stack[sp - 1] *= stack[sp]; break;
      case OP_MOD: --sp, stack[sp - 1] %= stack[sp]; break;
      case OP_DUP: stack[sp] = stack[sp - 1], sp++; break;
      case OP_SWAP: {
        int t = stack[sp - 1];
        stack[sp - 1] = stack[sp - 2];
        stack[sp - 2] = t;
        break;
      }
      case OP_LOOP: {
        int target = c_program[pc++];
        if (--k != 0) pc = target;
        break;
      }
      case OP_HALT:
      default:
        running = false;
    }
  }
  return stack[sp - 1];
}

__global__ void control(Out *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  Out o;

  // do-while: Collatz steps of (i % 10000) + 1, capped
  unsigned int c = (unsigned int)(i % 10000) + 1u;
  int steps = 0;
  do {
    if (c == 1u) break;
    c = (c & 1u) ? 3u * c + 1u : c >> 1;
    steps++;
  } while (steps < 500);
  o.collatz = steps;

  // switch with fallthrough
  int acc = i & 3;
  switch (i % 8) {
    case 0:
      acc += 1;  // falls through
    case 1:
      acc += 10;  // falls through
    case 2:
      acc += 100;
      break;
    case 3:
    case 4:
      acc = -acc - 5;
      break;
    case 5: {
      int t = (i >> 3) & 7;
      acc = t * t;
    }  // falls through
    case 6:
      acc += 1000;
      break;
    default:
      acc = 42;
  }
  o.sw = acc;

  // comma operator: count mirrored bit mismatches, then a comma expression
  unsigned int x = (unsigned int)i * 2654435761u;
  int a, b, mism = 0;
  for (a = 0, b = 31; a < b; a++, b--)
    if (((x >> a) & 1u) != ((x >> b) & 1u)) mism++;
  int q = (mism++, mism * 3);
  o.comma = q;

  // nested loops with continue and break
  int count = 0;
  for (int r = 0; r < 8; r++) {
    if (r == (i & 7)) continue;
    for (int k = 0; k < 8; k++) {
      if (k > r) break;
      if ((r + k + i) % 3 == 0) continue;
      count += r * k;
    }
  }
  o.nested = count;

  // short-circuit evaluation with side effects
  int side = 0;
  if ((i % 3 == 0) || (++side > 0 && i % 5 == 0)) side += 10;
  if ((i % 2 == 0) && (++side, i % 4 == 0)) side += 100;
  o.logic = side;

  // nested ternaries
  int m = i % 100;
  o.tern = m < 10 ? 1 : m < 20 ? 2 : (m % 2 ? (m > 50 ? 3 : 4) : 5);

  o.vm = run_vm(i);
  out[i] = o;
}

int main() {
  const int n = 50000;
  Out *d_out;
  CUDA_CHECK(cudaMalloc(&d_out, n * sizeof(Out)));
  control<<<(n + 127) / 128, 128>>>(d_out, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  Out *h = (Out *)malloc(n * sizeof(Out));
  CUDA_CHECK(cudaMemcpy(h, d_out, n * sizeof(Out), cudaMemcpyDeviceToHost));

  int bad[7] = {0, 0, 0, 0, 0, 0, 0};
  long long total = 0;
  for (int i = 0; i < n; i++) {
    // Collatz with a plain while loop
    unsigned long long c = (unsigned long long)(i % 10000) + 1;
    int steps = 0;
    while (c != 1 && steps < 500) {
      if (c % 2) c = 3 * c + 1;
      else c /= 2;
      steps++;
    }
    if (h[i].collatz != steps) bad[0]++;

    // switch as an if-chain
    int r = i % 8, base = i & 3, want;
    if (r == 0) want = base + 111;
    else if (r == 1) want = base + 110;
    else if (r == 2) want = base + 100;
    else if (r == 3 || r == 4) want = -base - 5;
    else if (r == 5) want = ((i >> 3) & 7) * ((i >> 3) & 7) + 1000;
    else if (r == 6) want = base + 1000;
    else want = 42;
    if (h[i].sw != want) bad[1]++;

    unsigned int x = (unsigned int)i * 2654435761u;
    int mism = 0;
    for (int k = 0; k < 16; k++) mism += (int)(((x >> k) ^ (x >> (31 - k))) & 1u);
    if (h[i].comma != (mism + 1) * 3) bad[2]++;

    int count = 0;
    for (int rr = 0; rr < 8; rr++)
      for (int k = 0; k <= rr; k++)
        if (rr != (i & 7) && (rr + k + i) % 3 != 0) count += rr * k;
    if (h[i].nested != count) bad[3]++;

    int side = 0;
    if (i % 3 == 0) side = 10;
    else {
      side = 1;
      if (i % 5 == 0) side += 10;
    }
    if (i % 2 == 0) {
      side += 1;
      if (i % 4 == 0) side += 100;
    }
    if (h[i].logic != side) bad[4]++;

    int m = i % 100, t;
    if (m < 10) t = 1;
    else if (m < 20) t = 2;
    else if (m % 2 == 0) t = 5;
    else if (m > 50) t = 3;
    else t = 4;
    if (h[i].tern != t) bad[5]++;

    int v = i;
    for (int k = 0; k < 5; k++) v = (v * 3 + 7) % 1009;
    if (h[i].vm != v) bad[6]++;
    total += h[i].collatz + h[i].sw + h[i].comma + h[i].nested + h[i].logic + h[i].tern + h[i].vm;
  }
  int all = 0;
  for (int k = 0; k < 7; k++) all += bad[k];
  printf("control_flow: n=%d bad=[%d %d %d %d %d %d %d] total=%lld %s\n", n, bad[0], bad[1], bad[2], bad[3], bad[4],
         bad[5], bad[6], total, all == 0 ? "PASSED" : "FAILED");
  cudaFree(d_out);
  free(h);
  return all == 0 ? 0 : 1;
}
