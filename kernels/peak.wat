;; peak.wat: the 128-bit SIMD roofline of this machine, for the matmul benchmark.
;; A loop of independent f32x4 multiply + add chains (the instruction mix of the matmul
;; micro-kernel, without its loads): 10 accumulators, each acc += x * y_i per step, unrolled
;; by 4. GFLOP/s = iters * 4 steps * 10 chains * 8 flops / seconds. Not a kernel anyone calls.
;; The build also makes a relaxed-SIMD twin (peakRelaxed): the same chains as f32x4.relaxed_madd,
;; the roofline of the relaxed matmul kernel (vfmadd231ps where the CPU has FMA3).
(module
  (import "env" "memory" (memory 1 65536 shared))
  (func (export "peak") (param $iters i32) (param $s f32) (result f32)
    (local $x v128) (local $y0 v128) (local $y1 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128)
    (local $c5 v128) (local $c6 v128) (local $c7 v128) (local $c8 v128) (local $c9 v128)
    (local $u i32)
    (local.set $x (f32x4.splat (local.get $s)))
    (local.set $y0 (f32x4.splat (f32.mul (local.get $s) (f32.const 0.5))))
    (local.set $y1 (f32x4.splat (f32.mul (local.get $s) (f32.const 0.25))))
    (loop $step
      (local.set $u (i32.const 4))
      (loop $unrolled
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $x) (local.get $y0))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $x) (local.get $y1))))
        (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $y0) (local.get $y1))))
        (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $y1) (local.get $x))))
        (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $y0) (local.get $x))))
        (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $x) (local.get $x))))
        (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $y0) (local.get $y0))))
        (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $y1) (local.get $y1))))
        (local.set $c8 (f32x4.add (local.get $c8) (f32x4.mul (local.get $y1) (local.get $y0))))
        (local.set $c9 (f32x4.add (local.get $c9) (f32x4.mul (local.get $x) (local.get $y0))))
        (br_if $unrolled (local.tee $u (i32.sub (local.get $u) (i32.const 1)))))
      (br_if $step (local.tee $iters (i32.sub (local.get $iters) (i32.const 1)))))
    ;; fold the accumulators so none of the work is dead code
    (f32x4.extract_lane 0 (f32x4.add
      (f32x4.add (f32x4.add (local.get $c0) (local.get $c1)) (f32x4.add (local.get $c2) (local.get $c3)))
      (f32x4.add (f32x4.add (f32x4.add (local.get $c4) (local.get $c5)) (f32x4.add (local.get $c6) (local.get $c7)))
        (f32x4.add (local.get $c8) (local.get $c9))))))
)
