/* bench_ref.c — the machine's own speed-up from 1 to 2 threads (make bench).
 *
 * A loop with no serial part and no shared writes: each thread reads words
 * at random from a 256 MiB table (as the people phases read scattered person
 * records) and mixes them with a little arithmetic. The same total work runs
 * on 1 thread, on 2, and on 1 again (so that a steady drift in the machine's
 * speed cancels), and the program prints the mean 1-thread time and the
 * 2-thread time on one line:
 *
 *   bench-ref: threads1_seconds=T1 threads2_seconds=T2
 *
 * On a perfect 2-core machine T1/T2 would be 2. On the shared development
 * VM it is not, and it moves from minute to minute (1.48, 1.87, 1.92 and
 * 1.97x in four runs within a minute, session 11), so tests/bench.sh runs
 * this beside caresim in each round, to tell the machine's limit from the
 * program's. */
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    size_t n = (size_t)1 << 25;   /* 32M words: 256 MiB, far beyond any cache */
    long steps = argc > 1 ? atol(argv[1]) : 40000000;
    if (steps <= 0) { fprintf(stderr, "bench_ref: steps must be positive\n"); return 2; }
    uint64_t *a = malloc(n * sizeof *a);
    if (!a) { fprintf(stderr, "bench_ref: out of memory\n"); return 1; }
    for (size_t i = 0; i < n; i++) a[i] = i * 0x9E3779B97F4A7C15ull;
    double t[3] = {0, 0, 0};
    uint64_t sink = 0;
    for (int r = 0; r < 3; r++) {
        int T = r == 1 ? 2 : 1;
        double t0 = omp_get_wtime();
#pragma omp parallel num_threads(T) reduction(^ : sink)
        {
            uint64_t x = (uint64_t)omp_get_thread_num() * 7919 + 1, s = 0;
            long k, mine = steps / omp_get_num_threads();
            for (k = 0; k < mine; k++) {
                x = x * 6364136223846793005ull + 1442695040888963407ull;
                uint64_t v = a[(x >> 24) & (n - 1)];
                s += (v ^ (v >> 29)) * 0xBF58476D1CE4E5B9ull;
            }
            sink ^= s;
        }
        t[T] += omp_get_wtime() - t0;
    }
    /* (the sink's bit keeps the loop from being optimised away) */
    printf("bench-ref: threads1_seconds=%.4f threads2_seconds=%.4f (%u)\n", t[1] / 2, t[2], (unsigned)(sink & 1));
    free(a);
    return 0;
}
