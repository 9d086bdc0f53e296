//! Numeric helpers: the digamma function, and a Mersenne Twister that draws the same numbers as
//! NumPy's legacy `RandomState(seed)` (MT19937, 53-bit doubles, polar Box–Muller normals), so
//! seeded methods (MACE, KOS) start from Crowd-Kit's exact initial values.

/// ψ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series (|error| < 1e-14).
pub(crate) fn digamma(mut x: f64) -> f64 {
    let mut r = 0.0;
    while x < 6.0 {
        r -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    let series = f
        * (1.0 / 12.0
            - f * (1.0 / 120.0
                - f * (1.0 / 252.0
                    - f * (1.0 / 240.0 - f * (1.0 / 132.0 - f * (691.0 / 32760.0 - f / 12.0))))));
    r + x.ln() - 0.5 / x - series
}

/// MT19937 (Matsumoto & Nishimura, 1998) with NumPy `RandomState`'s output conventions.
pub(crate) struct Mt19937 {
    state: [u32; 624],
    index: usize,
    cached_normal: Option<f64>,
}

impl Mt19937 {
    /// `RandomState(seed)` for an integer seed (the reference `init_genrand` seeding).
    pub(crate) fn new(seed: u32) -> Self {
        let mut state = [0u32; 624];
        state[0] = seed;
        for i in 1..624 {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        Self {
            state,
            index: 624,
            cached_normal: None,
        }
    }

    fn regenerate(&mut self) {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        for i in 0..624 {
            let y = (self.state[i] & UPPER) | (self.state[(i + 1) % 624] & LOWER);
            let mut v = self.state[(i + 397) % 624] ^ (y >> 1);
            if y & 1 == 1 {
                v ^= 0x9908_b0df;
            }
            self.state[i] = v;
        }
        self.index = 0;
    }

    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.index >= 624 {
            self.regenerate();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// Uniform in [0, 1) with 53 random bits (`random_sample`).
    pub(crate) fn next_f64(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// Standard normal (`RandomState.standard_normal`'s legacy polar method).
    pub(crate) fn next_normal(&mut self) -> f64 {
        if let Some(v) = self.cached_normal.take() {
            return v;
        }
        loop {
            let x1 = 2.0 * self.next_f64() - 1.0;
            let x2 = 2.0 * self.next_f64() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * r2.ln() / r2).sqrt();
                self.cached_normal = Some(f * x1);
                return f * x2;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_twister_draws_what_numpy_random_state_zero_draws() {
        let mut r = Mt19937::new(0);
        assert_eq!(r.next_f64(), 0.5488135039273248);
        assert_eq!(r.next_f64(), 0.7151893663724195);
        let mut r = Mt19937::new(0);
        let n: Vec<f64> = (0..4).map(|_| 1.0 + r.next_normal()).collect();
        for (g, w) in n
            .iter()
            .zip([2.76405235, 1.40015721, 1.97873798, 3.2408932])
        {
            assert!((g - w).abs() < 1e-8, "{g} vs {w}");
        }
    }

    #[test]
    fn digamma_matches_scipy() {
        for (x, w) in [
            (0.5, -1.96351003),
            (1.0, -0.57721566),
            (3.7, 1.16715354),
            (10.2, 2.2725679),
            (123.4, 4.81137378),
        ] {
            assert!((digamma(x) - w).abs() < 1e-8, "{x}");
        }
    }
}
