//! `fmodf` (`arith.remf` on f32): exact, as C requires, by long division of
//! the mantissas (musl's algorithm): both operands are normalized to 24-bit
//! integer mantissas (`clz` for subnormals), the dividend's is reduced by
//! the divisor's once per bit of exponent difference (a loop), and the
//! remainder is normalized and given the dividend's sign. NaN for a zero
//! divisor, an infinite dividend or a NaN; the dividend itself when it is
//! smaller than the divisor.

use crate::ptx::function::FnEmitter;
use crate::ptx::types::{Class, Reg};

impl FnEmitter<'_> {
    pub(super) fn fmodf(&mut self, x: Reg, y: Reg) -> Reg {
        let (ux, uy) = (self.reg(Class::B32), self.reg(Class::B32));
        self.line(format_args!("mov.b32 \t{ux}, {x}"));
        self.line(format_args!("mov.b32 \t{uy}, {y}"));
        let sign = self.i("and.b32", &[&ux, &"0x80000000"]);
        let ax = self.i("and.b32", &[&ux, &0x7fff_ffff]);
        let ay = self.i("and.b32", &[&uy, &0x7fff_ffff]);
        let result = self.reg(Class::B32);
        let done = self.new_label();
        // the special cases first: the result is then final
        let (invalid, small, p) = (
            self.reg(Class::Pred),
            self.reg(Class::Pred),
            self.reg(Class::Pred),
        );
        self.line(format_args!("setp.eq.s32 \t{invalid}, {ay}, 0"));
        self.line(format_args!("setp.gt.u32 \t{p}, {ay}, 0x7f800000"));
        self.line(format_args!("or.pred \t{invalid}, {invalid}, {p}"));
        self.line(format_args!("setp.ge.u32 \t{p}, {ax}, 0x7f800000"));
        self.line(format_args!("or.pred \t{invalid}, {invalid}, {p}"));
        self.line(format_args!("mov.b32 \t{result}, 0x7fffffff"));
        self.line(format_args!("@{invalid} bra \t{done}"));
        self.line(format_args!("setp.lt.u32 \t{small}, {ax}, {ay}"));
        self.mov(result, ux);
        self.line(format_args!("@{small} bra \t{done}"));
        // |x| == |y|: a zero of x's sign
        self.line(format_args!("setp.eq.s32 \t{p}, {ax}, {ay}"));
        self.mov(result, sign);
        self.line(format_args!("@{p} bra \t{done}"));
        let (mx, ex) = self.mantissa(ax);
        let (my, ey) = self.mantissa(ay);
        // long division: one subtraction per bit of exponent difference
        let (head, tail) = (self.new_label(), self.new_label());
        let more = self.reg(Class::Pred);
        self.line(format_args!("setp.le.s32 \t{more}, {ex}, {ey}"));
        self.line(format_args!("@{more} bra \t{tail}"));
        self.place_label(&head);
        self.subtract_step(mx, my, (result, sign), &done);
        self.line(format_args!("shl.b32 \t{mx}, {mx}, 1"));
        self.line(format_args!("sub.s32 \t{ex}, {ex}, 1"));
        self.line(format_args!("setp.gt.s32 \t{more}, {ex}, {ey}"));
        self.line(format_args!("@{more} bra \t{head}"));
        self.place_label(&tail);
        self.subtract_step(mx, my, (result, sign), &done);
        // normalize the remainder (below 2^24, nonzero) to bit 23
        let lz = self.i("clz.b32", &[&mx]);
        let shift = self.i("sub.s32", &[&lz, &8]);
        let m = self.i("shl.b32", &[&mx, &shift]);
        let e = self.i("sub.s32", &[&ex, &shift]);
        // a normal result: the exponent field; a subnormal one: shifted down
        let normal = self.reg(Class::Pred);
        self.line(format_args!("setp.gt.s32 \t{normal}, {e}, 0"));
        let frac = self.i("and.b32", &[&m, &0x007f_ffff]);
        let field = self.i("shl.b32", &[&e, &23]);
        let packed = self.i("or.b32", &[&frac, &field]);
        let down = self.i("sub.s32", &[&1, &e]);
        let sub = self.i("shr.u32", &[&m, &down]);
        let bits = self.i("selp.b32", &[&packed, &sub, &normal]);
        self.line(format_args!("or.b32 \t{result}, {bits}, {sign}"));
        self.place_label(&done);
        let d = self.reg(Class::F32);
        self.line(format_args!("mov.b32 \t{d}, {result}"));
        d
    }

    /// One step of the long division: `mx -= my` when that is not negative;
    /// at a zero remainder the result is a zero of the dividend's sign
    /// (`result = sign`, branch to `done`).
    fn subtract_step(&mut self, mx: Reg, my: Reg, (result, sign): (Reg, Reg), done: &str) {
        let (negative, zero) = (self.reg(Class::Pred), self.reg(Class::Pred));
        let diff = self.i("sub.s32", &[&mx, &my]);
        self.line(format_args!("setp.lt.s32 \t{negative}, {diff}, 0"));
        self.line(format_args!("setp.eq.s32 \t{zero}, {diff}, 0"));
        self.mov(result, sign);
        self.line(format_args!("@{zero} bra \t{done}"));
        self.line(format_args!("selp.b32 \t{mx}, {mx}, {diff}, {negative}"));
    }

    /// The 24-bit integer mantissa (bit 23 set) and exponent of a finite
    /// nonzero magnitude `a` (bits), subnormals normalized with `clz`.
    fn mantissa(&mut self, a: Reg) -> (Reg, Reg) {
        let biased = self.i("shr.u32", &[&a, &23]);
        let frac = self.i("and.b32", &[&a, &0x007f_ffff]);
        let normal_m = self.i("or.b32", &[&frac, &0x0080_0000]);
        let lz = self.i("clz.b32", &[&frac]);
        let shift = self.i("sub.s32", &[&lz, &8]);
        let sub_m = self.i("shl.b32", &[&frac, &shift]);
        let sub_e = self.i("sub.s32", &[&1, &shift]);
        let is_normal = self.reg(Class::Pred);
        self.line(format_args!("setp.ne.s32 \t{is_normal}, {biased}, 0"));
        let (m, e) = (self.reg(Class::B32), self.reg(Class::B32));
        self.line(format_args!(
            "selp.b32 \t{m}, {normal_m}, {sub_m}, {is_normal}"
        ));
        self.line(format_args!(
            "selp.b32 \t{e}, {biased}, {sub_e}, {is_normal}"
        ));
        (m, e)
    }
}
