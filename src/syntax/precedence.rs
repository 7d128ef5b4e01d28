//! Operator precedence, written once: the binding power and associativity of every
//! operator of the language. A leaf module: both parsers read this table (the fast
//! path over the bytes, the grammar path over pest's flat sequence, each comparing
//! these powers in the same precedence loop), and it depends on nothing.

/// An infix operator, as both parsers name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Infix {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    /// Implicit multiplication: an operand right after another. Takes no text.
    Juxtaposed,
}

/// How a chain of operators of one binding power groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assoc {
    /// `a - b - c` is `(a - b) - c`.
    Left,
    /// `a ^ b ^ c` is `a ^ (b ^ c)`.
    Right,
}

/// Binding power of `+` and `-` between operands: the loosest.
pub const SUM: u8 = 10;
/// Binding power of `*`, `/` and implicit multiplication.
pub const PRODUCT: u8 = 20;
/// Binding power of the prefix signs `-` and `+`: looser than `^`, so `-x^2` is
/// `-(x^2)` and `2^-x` is `2^(-x)`; tighter than `*`, so `-x*y` is `(-x)*y`.
pub const SIGN: u8 = 30;
/// Binding power of `^` (and `**`): the tightest infix operator. Tighter still, and
/// not in this table as they are read with their primary: a superscript exponent
/// (`x²`, to the primary it follows) and a function's argument without parentheses
/// (`sin x^2` is `sin(x^2)`; see docs/grammar.md).
pub const POWER: u8 = 40;

/// Every infix operator, for building tables from this one.
pub const INFIX: [Infix; 6] = [Infix::Add, Infix::Sub, Infix::Mul, Infix::Div, Infix::Pow, Infix::Juxtaposed];

impl Infix {
    /// How tightly the operator binds its operands: higher binds tighter.
    pub const fn power(self) -> u8 {
        match self {
            Infix::Add | Infix::Sub => SUM,
            Infix::Mul | Infix::Div | Infix::Juxtaposed => PRODUCT,
            Infix::Pow => POWER,
        }
    }

    /// How a chain of operators of this power groups.
    pub const fn assoc(self) -> Assoc {
        match self {
            Infix::Pow => Assoc::Right,
            _ => Assoc::Left,
        }
    }

    /// True when the operator binds tighter than a prefix sign, so that it belongs to
    /// the operand the sign applies to (`-a^b` is `-(a^b)`).
    pub const fn inside_operand(self) -> bool {
        self.power() > SIGN
    }
}
