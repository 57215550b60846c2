;; matmul.wat: f32 matrix product with WebAssembly SIMD128, the fast twin of kernels/matmul.ts.
;; C = op(A) · op(B), op(A) is (M, K), op(B) is (K, N), row-major, for a batch of matrices.
;; Not here: float64 (always the JS reference), the choice of backend, copying JS arrays in.
;; Two builds of this text (scripts/build-kernels.ts): SIMD128 as written, and a relaxed-SIMD
;; twin where each of the 8 `(f32x4.add (local.get $c..) (f32x4.mul (local.get $x) (local.get $b.)))`
;; of the micro-kernel becomes `(f32x4.relaxed_madd (local.get $x) (local.get $b.) (local.get $c..))`
;; (one vfmadd231ps on x86-64 with FMA3; V8 11.3 needs --experimental-wasm-relaxed-simd, which
;; the backend sets at run time). Keep that exact form in the micro-kernel: the build counts it.
;;
;; Layout of the work (BLIS order, both operands packed):
;;   for jc in N step NC                  B block: KC x NC floats = 512 KiB, stays in L2
;;     for pc in K step KC                  (KC = 256, NC = 512; when N < NC and A is stored
;;                                           (M, K), KC grows to min(4096, KC*NC/N), so A is
;;                                           read in long contiguous runs)
;;       pack op(B)[pc:pc+KC, jc:jc+NC] into panels of 8 columns: for each k, 8 floats side
;;         by side (edge panel zero-padded), so the micro-kernel reads B with two v128 loads
;;       for i in rows step 4
;;         pack op(A)[i:i+4, pc:pc+KC] into a panel: for each k, the 4 values side by side
;;           (A stored (M, K): 4x4 blocks transposed with shuffles; stored (K, M): one v128 per k)
;;         for each B panel               micro-kernel: C[i:i+4, j:j+8] (+)= A panel · B panel
;; The micro-kernel keeps the 4x8 tile of C in 8 v128 accumulators, plus 2 for the B row, 1 for
;; the broadcast A value and 1 for the product: 12 live v128, which fits V8's 16 xmm registers
;; (11 in the relaxed twin, which needs no product register).
;; With both panels packed its loop has 2 pointers to advance (bench/NOTES.md, v3).
;; Edges: rows past the end of the range repeat row 0 (A stored (M, K)) or read the next
;; floats of the row, which every block has as slack (A stored (K, M)); columns past N are
;; zeros in the padded B panel. Edge tiles compute the full 4x8 and store through a 4x8 scratch
;; tile, so only the border pays, never the whole product.

(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Bytes of per-thread scratch the caller must provide at $work: the packed B block
  ;; (KC * NC * 4 = 524288), the 4x8 edge tile (128), the packed A panel (4 x 4096 x 4 = 65536).
  (global $KC i32 (i32.const 256))
  (global $NC i32 (i32.const 512))
  (func (export "workBytes") (result i32) (i32.const 589952))

  ;; gemm: rows [g0, g1) of the flattened (batch * M, N) output; threads split this range.
  ;; Addresses are byte offsets into the memory; strides are in elements (0 = broadcast).
  (func (export "gemm")
    (param $a i32) (param $b i32) (param $c i32)
    (param $m i32) (param $k i32) (param $n i32)
    (param $transA i32) (param $transB i32)
    (param $strideA i32) (param $strideB i32)
    (param $g0 i32) (param $g1 i32) (param $work i32)
    (local $p i32) (local $r1 i32)
    (local.set $p (i32.div_u (local.get $g0) (local.get $m)))
    (block $done
      (loop $batch
        (br_if $done (i32.ge_u (local.get $g0) (local.get $g1)))
        ;; rows of matrix p inside [g0, g1)
        (local.set $r1 (i32.sub (local.get $g1) (i32.mul (local.get $p) (local.get $m))))
        (if (i32.gt_u (local.get $r1) (local.get $m)) (then (local.set $r1 (local.get $m))))
        (call $gemmOne
          (i32.add (local.get $a) (i32.shl (i32.mul (local.get $p) (local.get $strideA)) (i32.const 2)))
          (i32.add (local.get $b) (i32.shl (i32.mul (local.get $p) (local.get $strideB)) (i32.const 2)))
          (i32.add (local.get $c)
            (i32.shl (i32.mul (local.get $p) (i32.mul (local.get $m) (local.get $n))) (i32.const 2)))
          (local.get $m) (local.get $k) (local.get $n) (local.get $transA) (local.get $transB)
          (i32.sub (local.get $g0) (i32.mul (local.get $p) (local.get $m))) (local.get $r1)
          (local.get $work))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $g0 (i32.mul (local.get $p) (local.get $m)))
        (br $batch))))

  ;; gemmOne: rows [r0, r1) of one product. The loops of the header comment.
  (func $gemmOne
    (param $a i32) (param $b i32) (param $c i32)
    (param $m i32) (param $k i32) (param $n i32)
    (param $transA i32) (param $transB i32)
    (param $r0 i32) (param $r1 i32) (param $work i32)
    (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32)
    (local $i i32) (local $rows i32) (local $jp i32) (local $cols i32)
    (local $pa0 i32) (local $pa1 i32) (local $pa2 i32) (local $pa3 i32)
    (local $pb i32) (local $ct i32) (local $ldc i32) (local $lda i32) (local $edge i32) (local $kcMax i32)
    (local.set $edge (i32.add (local.get $work) (i32.mul (i32.mul (global.get $KC) (global.get $NC)) (i32.const 4))))
    (local.set $ldc (i32.shl (local.get $n) (i32.const 2)))
    (local.set $lda (i32.shl (select (local.get $m) (local.get $k) (local.get $transA)) (i32.const 2)))
    (loop $jcLoop
      (local.set $nc (i32.sub (local.get $n) (local.get $jc)))
      (if (i32.gt_u (local.get $nc) (global.get $NC)) (then (local.set $nc (global.get $NC))))
      ;; K block: KC, or longer when the B block is narrow (N < NC), so the packed block keeps
      ;; filling the KC x NC scratch and A is read in long contiguous runs
      ;; (not for A stored (K, M): there a long K block means long strides through A)
      (local.set $kcMax (select (global.get $KC)
        (i32.div_u (i32.mul (global.get $KC) (global.get $NC))
          (i32.and (i32.add (local.get $nc) (i32.const 7)) (i32.const -8)))
        (local.get $transA)))
      (if (i32.gt_u (local.get $kcMax) (i32.const 4096)) (then (local.set $kcMax (i32.const 4096))))
      (local.set $pc (i32.const 0))
      (loop $pcLoop
        (local.set $kc (i32.sub (local.get $k) (local.get $pc)))
        (if (i32.gt_u (local.get $kc) (local.get $kcMax)) (then (local.set $kc (local.get $kcMax))))
        (call $packB (local.get $b) (local.get $k) (local.get $n) (local.get $transB)
          (local.get $pc) (local.get $kc) (local.get $jc) (local.get $nc) (local.get $work))
        (local.set $i (local.get $r0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $r1)))
            (local.set $rows (i32.sub (local.get $r1) (local.get $i)))
            (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
            (if (local.get $transA)
              (then ;; A stored (K, M): element (i, pc) at (pc * M + i). The 4 values of each k
                ;; are copied side by side into the A panel: read in place, a stride of M floats
                ;; per k maps every k to the same L1 set when M is a power of two (6 GFLOP/s).
                (local.set $pa1 (i32.add (local.get $a)
                  (i32.shl (i32.add (i32.mul (local.get $pc) (local.get $m)) (local.get $i)) (i32.const 2))))
                (local.set $pa0 (i32.add (local.get $edge) (i32.const 128)))
                (local.set $pa2 (local.get $pa0))
                (local.set $pa3 (local.get $kc))
                (loop $packA
                  (v128.store (local.get $pa2) (v128.load (local.get $pa1)))
                  (local.set $pa1 (i32.add (local.get $pa1) (local.get $lda)))
                  (local.set $pa2 (i32.add (local.get $pa2) (i32.const 16)))
                  (br_if $packA (local.tee $pa3 (i32.sub (local.get $pa3) (i32.const 1))))))
              (else ;; A stored (M, K): 4 row pointers (missing rows repeat row 0), 4 x 4 blocks
                ;; transposed into the panel (unpcklps / unpckhps / movlhps / movhlps in V8)
                (local.set $pa0 (i32.add (local.get $a)
                  (i32.shl (i32.add (i32.mul (local.get $i) (local.get $k)) (local.get $pc)) (i32.const 2))))
                (local.set $pa1 (select (i32.add (local.get $pa0) (local.get $lda)) (local.get $pa0)
                  (i32.gt_u (local.get $rows) (i32.const 1))))
                (local.set $pa2 (select (i32.add (local.get $pa1) (local.get $lda)) (local.get $pa0)
                  (i32.gt_u (local.get $rows) (i32.const 2))))
                (local.set $pa3 (select (i32.add (local.get $pa2) (local.get $lda)) (local.get $pa0)
                  (i32.gt_u (local.get $rows) (i32.const 3))))
                (call $packRows (local.get $pa0) (local.get $pa1) (local.get $pa2) (local.get $pa3)
                  (local.get $kc) (i32.add (local.get $edge) (i32.const 128)))))
            (local.set $pb (local.get $work))
            (local.set $ct (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $jc)) (i32.const 2))))
            (local.set $jp (i32.const 0))
            (loop $jLoop
              (local.set $cols (i32.sub (local.get $nc) (local.get $jp)))
              (if (i32.gt_u (local.get $cols) (i32.const 8)) (then (local.set $cols (i32.const 8))))
              (call $tile (i32.add (local.get $edge) (i32.const 128)) (local.get $pb) (local.get $kc)
                (local.get $ct) (local.get $ldc) (local.get $pc) (local.get $rows) (local.get $cols) (local.get $edge))
              (local.set $pb (i32.add (local.get $pb) (i32.shl (local.get $kc) (i32.const 5))))
              (local.set $ct (i32.add (local.get $ct) (i32.const 32)))
              (local.set $jp (i32.add (local.get $jp) (i32.const 8)))
              (br_if $jLoop (i32.lt_u (local.get $jp) (local.get $nc))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $iLoop)))
        (local.set $pc (i32.add (local.get $pc) (local.get $kc)))
        (br_if $pcLoop (i32.lt_u (local.get $pc) (local.get $k))))
      (local.set $jc (i32.add (local.get $jc) (global.get $NC)))
      (br_if $jcLoop (i32.lt_u (local.get $jc) (local.get $n)))))

  ;; packB: op(B)[pc:pc+kc, jc:jc+nc] -> panels at dst; panel q holds kc rows of 8 floats
  ;; (columns jc+8q .. jc+8q+7, zeros past nc) and starts at dst + q * kc * 32.
  (func $packB
    (param $b i32) (param $k i32) (param $n i32) (param $transB i32)
    (param $pc i32) (param $kc i32) (param $jc i32) (param $nc i32) (param $dst i32)
    (local $jp i32) (local $cols i32) (local $src i32) (local $d i32) (local $p i32)
    (local $col i32) (local $ld i32)
    (loop $panel
      (local.set $cols (i32.sub (local.get $nc) (local.get $jp)))
      (if (i32.gt_u (local.get $cols) (i32.const 8)) (then (local.set $cols (i32.const 8))))
      (if (local.get $transB)
        (then ;; B stored (N, K): column j of op(B) is row j of B, contiguous along k
          (local.set $col (i32.const 0))
          (loop $column
            (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $col) (i32.const 2))))
            (local.set $p (local.get $kc))
            (if (i32.lt_u (local.get $col) (local.get $cols))
              (then
                (local.set $src (i32.add (local.get $b) (i32.shl
                  (i32.add (i32.mul (i32.add (i32.add (local.get $jc) (local.get $jp)) (local.get $col))
                    (local.get $k)) (local.get $pc)) (i32.const 2))))
                (loop $copyT
                  (f32.store (local.get $d) (f32.load (local.get $src)))
                  (local.set $src (i32.add (local.get $src) (i32.const 4)))
                  (local.set $d (i32.add (local.get $d) (i32.const 32)))
                  (br_if $copyT (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
              (else
                (loop $zeroT
                  (f32.store (local.get $d) (f32.const 0))
                  (local.set $d (i32.add (local.get $d) (i32.const 32)))
                  (br_if $zeroT (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))))
            (br_if $column (i32.lt_u (local.tee $col (i32.add (local.get $col) (i32.const 1))) (i32.const 8)))))
        (else ;; B stored (K, N): 8 adjacent floats of row k
          (local.set $ld (i32.shl (local.get $n) (i32.const 2)))
          (local.set $src (i32.add (local.get $b) (i32.shl
            (i32.add (i32.mul (local.get $pc) (local.get $n)) (i32.add (local.get $jc) (local.get $jp))) (i32.const 2))))
          (local.set $d (local.get $dst))
          (local.set $p (local.get $kc))
          (if (i32.eq (local.get $cols) (i32.const 8))
            (then
              (loop $copy8
                (v128.store (local.get $d) (v128.load (local.get $src)))
                (v128.store offset=16 (local.get $d) (v128.load offset=16 (local.get $src)))
                (local.set $src (i32.add (local.get $src) (local.get $ld)))
                (local.set $d (i32.add (local.get $d) (i32.const 32)))
                (br_if $copy8 (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
            (else ;; edge panel: zero the row, then copy the cols that exist
              (loop $copyEdge
                (v128.store (local.get $d) (v128.const i32x4 0 0 0 0))
                (v128.store offset=16 (local.get $d) (v128.const i32x4 0 0 0 0))
                (local.set $col (i32.const 0))
                (loop $edgeCol
                  (f32.store (i32.add (local.get $d) (i32.shl (local.get $col) (i32.const 2)))
                    (f32.load (i32.add (local.get $src) (i32.shl (local.get $col) (i32.const 2)))))
                  (br_if $edgeCol (i32.lt_u (local.tee $col (i32.add (local.get $col) (i32.const 1))) (local.get $cols))))
                (local.set $src (i32.add (local.get $src) (local.get $ld)))
                (local.set $d (i32.add (local.get $d) (i32.const 32)))
                (br_if $copyEdge (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))))))
      (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $kc) (i32.const 5))))
      (br_if $panel (i32.lt_u (local.tee $jp (i32.add (local.get $jp) (i32.const 8))) (local.get $nc)))))

  ;; packRows: 4 rows of A (stored (M, K)) x kc -> panel at dst, 4 floats per k.
  (func $packRows
    (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $r3 i32) (param $kc i32) (param $dst i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $t0 v128) (local $t1 v128)
    (local $q i32)
    (local.set $q (i32.shr_u (local.get $kc) (i32.const 2)))
    (if (local.get $q) (then (loop $block
      (local.set $x0 (v128.load (local.get $r0)))
      (local.set $x1 (v128.load (local.get $r1)))
      (local.set $x2 (v128.load (local.get $r2)))
      (local.set $x3 (v128.load (local.get $r3)))
      ;; t0 = a0 b0 a1 b1, t1 = a2 b2 a3 b3 (and the same for rows 2, 3 into x0, x1 below)
      (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
      (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
      (local.set $x0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
      (local.set $x1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
      (v128.store offset=0 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $x0)))
      (v128.store offset=16 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $x0)))
      (v128.store offset=32 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $x1)))
      (v128.store offset=48 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $x1)))
      (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
      (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
      (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
      (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
      (br_if $block (local.tee $q (i32.sub (local.get $q) (i32.const 1)))))))
    (local.set $q (i32.and (local.get $kc) (i32.const 3)))
    (if (local.get $q) (then (loop $one
      (f32.store offset=0 (local.get $dst) (f32.load (local.get $r0)))
      (f32.store offset=4 (local.get $dst) (f32.load (local.get $r1)))
      (f32.store offset=8 (local.get $dst) (f32.load (local.get $r2)))
      (f32.store offset=12 (local.get $dst) (f32.load (local.get $r3)))
      (local.set $r0 (i32.add (local.get $r0) (i32.const 4)))
      (local.set $r1 (i32.add (local.get $r1) (i32.const 4)))
      (local.set $r2 (i32.add (local.get $r2) (i32.const 4)))
      (local.set $r3 (i32.add (local.get $r3) (i32.const 4)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br_if $one (local.tee $q (i32.sub (local.get $q) (i32.const 1))))))))

  ;; tile: the 4x8 micro-kernel over a packed A panel (4 floats per k) and a B panel (8 floats
  ;; per k). One k: 2 loads of B, 4 broadcast loads of A, 8 mul + 8 add into the accumulators
  ;; (8 relaxed_madd in the relaxed twin).
  ;; Not unrolled on purpose: TurboFan hoists every load of an unrolled body to its top, which
  ;; needs more than 16 xmm registers and spills the accumulators (bench/NOTES.md, v0).
  (func $tile
    (param $pa i32) (param $pb i32) (param $kc i32)
    (param $c i32) (param $ldc i32) (param $acc i32) (param $rows i32) (param $cols i32) (param $edge i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (loop $k1
      (local.set $b0 (v128.load offset=0 (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $x (v128.load32_splat offset=0 (local.get $pa)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat offset=4 (local.get $pa)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat offset=8 (local.get $pa)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat offset=12 (local.get $pa)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $k1 (local.tee $kc (i32.sub (local.get $kc) (i32.const 1)))))
    ;; a full tile is stored right here, without the call (the common case); edges call storeTile
    (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 8)))
      (then
        (if (local.get $acc) (then
          (local.set $c00 (f32x4.add (local.get $c00) (v128.load offset=0 (local.get $c))))
          (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))))
        (v128.store offset=0 (local.get $c) (local.get $c00))
        (v128.store offset=16 (local.get $c) (local.get $c01))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (local.get $acc) (then
          (local.set $c10 (f32x4.add (local.get $c10) (v128.load offset=0 (local.get $c))))
          (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (local.get $c))))))
        (v128.store offset=0 (local.get $c) (local.get $c10))
        (v128.store offset=16 (local.get $c) (local.get $c11))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (local.get $acc) (then
          (local.set $c20 (f32x4.add (local.get $c20) (v128.load offset=0 (local.get $c))))
          (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (local.get $c))))))
        (v128.store offset=0 (local.get $c) (local.get $c20))
        (v128.store offset=16 (local.get $c) (local.get $c21))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (local.get $acc) (then
          (local.set $c30 (f32x4.add (local.get $c30) (v128.load offset=0 (local.get $c))))
          (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (local.get $c))))))
        (v128.store offset=0 (local.get $c) (local.get $c30))
        (v128.store offset=16 (local.get $c) (local.get $c31))
        (return)))
    (call $storeTile (local.get $c) (local.get $ldc) (local.get $acc) (local.get $rows) (local.get $cols)
      (local.get $edge) (local.get $c00) (local.get $c01) (local.get $c10) (local.get $c11)
      (local.get $c20) (local.get $c21) (local.get $c30) (local.get $c31)))

  ;; storeTile: write (acc = 0) or add (acc != 0, a later K block) the 4x8 tile into C.
  ;; A full tile goes straight to C; an edge tile goes through the scratch tile at $edge and
  ;; only its rows x cols corner is written.
  (func $storeTile
    (param $c i32) (param $ldc i32) (param $acc i32) (param $rows i32) (param $cols i32) (param $edge i32)
    (param $c00 v128) (param $c01 v128) (param $c10 v128) (param $c11 v128)
    (param $c20 v128) (param $c21 v128) (param $c30 v128) (param $c31 v128)
    (local $r i32) (local $j i32) (local $dst i32) (local $src i32)
    (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 8)))
      (then
        (if (local.get $acc) (then
          (local.set $c00 (f32x4.add (local.get $c00) (v128.load offset=0 (local.get $c))))
          (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))
          (local.set $dst (i32.add (local.get $c) (local.get $ldc)))
          (local.set $c10 (f32x4.add (local.get $c10) (v128.load offset=0 (local.get $dst))))
          (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (local.get $dst))))
          (local.set $dst (i32.add (local.get $dst) (local.get $ldc)))
          (local.set $c20 (f32x4.add (local.get $c20) (v128.load offset=0 (local.get $dst))))
          (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (local.get $dst))))
          (local.set $dst (i32.add (local.get $dst) (local.get $ldc)))
          (local.set $c30 (f32x4.add (local.get $c30) (v128.load offset=0 (local.get $dst))))
          (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (local.get $dst))))))
        (v128.store offset=0 (local.get $c) (local.get $c00))
        (v128.store offset=16 (local.get $c) (local.get $c01))
        (local.set $dst (i32.add (local.get $c) (local.get $ldc)))
        (v128.store offset=0 (local.get $dst) (local.get $c10))
        (v128.store offset=16 (local.get $dst) (local.get $c11))
        (local.set $dst (i32.add (local.get $dst) (local.get $ldc)))
        (v128.store offset=0 (local.get $dst) (local.get $c20))
        (v128.store offset=16 (local.get $dst) (local.get $c21))
        (local.set $dst (i32.add (local.get $dst) (local.get $ldc)))
        (v128.store offset=0 (local.get $dst) (local.get $c30))
        (v128.store offset=16 (local.get $dst) (local.get $c31))
        (return)))
    (v128.store offset=0 (local.get $edge) (local.get $c00))
    (v128.store offset=16 (local.get $edge) (local.get $c01))
    (v128.store offset=32 (local.get $edge) (local.get $c10))
    (v128.store offset=48 (local.get $edge) (local.get $c11))
    (v128.store offset=64 (local.get $edge) (local.get $c20))
    (v128.store offset=80 (local.get $edge) (local.get $c21))
    (v128.store offset=96 (local.get $edge) (local.get $c30))
    (v128.store offset=112 (local.get $edge) (local.get $c31))
    (loop $row
      (local.set $dst (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))))
      (local.set $src (i32.add (local.get $edge) (i32.shl (local.get $r) (i32.const 5))))
      (local.set $j (local.get $cols))
      (loop $col
        (f32.store (local.get $dst) (f32.add (f32.load (local.get $src))
          (select (f32.load (local.get $dst)) (f32.const 0) (local.get $acc))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br_if $col (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
      (br_if $row (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rows)))))
)
