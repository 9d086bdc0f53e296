//! Nonlinear conjugate gradient with a strong-Wolfe line search, for GLAD's M-step.
//!
//! GLAD's result depends on where its inner optimiser stops (Crowd-Kit stops it early: gradient
//! ∞-norm below 1e-2, at most 25 iterations), so to agree with Crowd-Kit to 1e-6 we follow the same
//! published algorithms as SciPy's `minimize(method="CG")`: Polak–Ribière+ directions with a
//! descent safeguard, the Moré–Thuente line search (MINPACK-2 `dcsrch`/`dcstep`, J. J. Moré and
//! D. J. Thuente, ACM TOMS 20(3), 1994), and the bracketing "zoom" line search of Nocedal & Wright
//! (Numerical Optimization, alg. 3.5/3.6) as fallback.

/// The function to minimise: returns f(x) and writes ∇f(x) into `grad`.
pub(crate) trait Objective {
    fn eval(&mut self, x: &[f64], grad: &mut [f64]) -> f64;
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm_inf(a: &[f64]) -> f64 {
    a.iter().fold(0.0_f64, |m, v| m.max(v.abs()))
}

/// Evaluates the objective along `x + alpha·p`, remembering the last point.
struct Line<'a, O: Objective> {
    obj: &'a mut O,
    x: &'a [f64],
    p: &'a [f64],
    last_alpha: Option<f64>,
    last_f: f64,
    grad: Vec<f64>,
    point: Vec<f64>,
}

impl<O: Objective> Line<'_, O> {
    fn at(&mut self, alpha: f64) -> (f64, f64) {
        if self.last_alpha != Some(alpha) {
            for ((pt, x), p) in self.point.iter_mut().zip(self.x).zip(self.p) {
                *pt = x + alpha * p;
            }
            self.last_f = self.obj.eval(&self.point, &mut self.grad);
            self.last_alpha = Some(alpha);
        }
        (self.last_f, dot(&self.grad, self.p))
    }
}

/// State of the Moré–Thuente search.
struct MoreThuente {
    gtol: f64,
    xtol: f64,
    stpmin: f64,
    stpmax: f64,
    brackt: bool,
    stage: u8,
    finit: f64,
    ginit: f64,
    gtest: f64,
    width: f64,
    width1: f64,
    stx: f64,
    fx: f64,
    gx: f64,
    sty: f64,
    fy: f64,
    gy: f64,
    stmin: f64,
    stmax: f64,
}

enum Task {
    Evaluate(f64),
    Converged(f64),
    Failed,
}

impl MoreThuente {
    fn start(ftol: f64, gtol: f64, stp: f64, f0: f64, g0: f64) -> Option<(Self, f64)> {
        let (stpmin, stpmax) = (1e-100, 1e100);
        if stp < stpmin || stp > stpmax || g0 >= 0.0 {
            return None;
        }
        let width = stpmax - stpmin;
        Some((
            Self {
                gtol,
                xtol: 1e-14,
                stpmin,
                stpmax,
                brackt: false,
                stage: 1,
                finit: f0,
                ginit: g0,
                gtest: ftol * g0,
                width,
                width1: width / 0.5,
                stx: 0.0,
                fx: f0,
                gx: g0,
                sty: 0.0,
                fy: f0,
                gy: g0,
                stmin: 0.0,
                stmax: stp + 4.0 * stp,
            },
            stp,
        ))
    }

    #[allow(
        clippy::too_many_lines,
        reason = "MINPACK-2 dcsrch line by line, so it can be checked against the original"
    )]
    fn next(&mut self, mut stp: f64, f: f64, g: f64) -> Task {
        let ftest = self.finit + stp * self.gtest;
        if self.stage == 1 && f <= ftest && g >= 0.0 {
            self.stage = 2;
        }
        let mut warn = false;
        if self.brackt && (stp <= self.stmin || stp >= self.stmax) {
            warn = true;
        }
        if self.brackt && self.stmax - self.stmin <= self.xtol * self.stmax {
            warn = true;
        }
        if stp == self.stpmax && f <= ftest && g <= self.gtest {
            warn = true;
        }
        if stp == self.stpmin && (f > ftest || g >= self.gtest) {
            warn = true;
        }
        if f <= ftest && g.abs() <= self.gtol * -self.ginit {
            return Task::Converged(stp);
        }
        if warn {
            return Task::Failed;
        }
        if self.stage == 1 && f <= self.fx && f > ftest {
            // Modified function ψ(α) = φ(α) − φ(0) − ftol·α·φ'(0) while in stage 1.
            let mut s = Step {
                stx: self.stx,
                fx: self.fx - self.stx * self.gtest,
                dx: self.gx - self.gtest,
                sty: self.sty,
                fy: self.fy - self.sty * self.gtest,
                dy: self.gy - self.gtest,
                brackt: self.brackt,
            };
            stp = s.step(
                stp,
                f - stp * self.gtest,
                g - self.gtest,
                self.stmin,
                self.stmax,
            );
            self.stx = s.stx;
            self.sty = s.sty;
            self.brackt = s.brackt;
            self.fx = s.fx + self.stx * self.gtest;
            self.fy = s.fy + self.sty * self.gtest;
            self.gx = s.dx + self.gtest;
            self.gy = s.dy + self.gtest;
        } else {
            let mut s = Step {
                stx: self.stx,
                fx: self.fx,
                dx: self.gx,
                sty: self.sty,
                fy: self.fy,
                dy: self.gy,
                brackt: self.brackt,
            };
            stp = s.step(stp, f, g, self.stmin, self.stmax);
            self.stx = s.stx;
            self.fx = s.fx;
            self.gx = s.dx;
            self.sty = s.sty;
            self.fy = s.fy;
            self.gy = s.dy;
            self.brackt = s.brackt;
        }
        if self.brackt {
            if (self.sty - self.stx).abs() >= 0.66 * self.width1 {
                stp = self.stx + 0.5 * (self.sty - self.stx);
            }
            self.width1 = self.width;
            self.width = (self.sty - self.stx).abs();
            self.stmin = self.stx.min(self.sty);
            self.stmax = self.stx.max(self.sty);
        } else {
            self.stmin = stp + 1.1 * (stp - self.stx);
            self.stmax = stp + 4.0 * (stp - self.stx);
        }
        stp = stp.clamp(self.stpmin, self.stpmax);
        if self.brackt
            && (stp <= self.stmin
                || stp >= self.stmax
                || self.stmax - self.stmin <= self.xtol * self.stmax)
        {
            stp = self.stx;
        }
        Task::Evaluate(stp)
    }
}

/// The safeguarded cubic/quadratic step of Moré–Thuente.
struct Step {
    stx: f64,
    fx: f64,
    dx: f64,
    sty: f64,
    fy: f64,
    dy: f64,
    brackt: bool,
}

fn sign(v: f64) -> f64 {
    if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        0.0
    }
}

impl Step {
    #[allow(
        clippy::too_many_lines,
        reason = "MINPACK-2 dcstep case by case, so it can be checked against the original"
    )]
    fn step(&mut self, stp: f64, fp: f64, dp: f64, stpmin: f64, stpmax: f64) -> f64 {
        let (stx, fx, dx) = (self.stx, self.fx, self.dx);
        let sgnd = sign(dp) * sign(dx);
        let stpf;
        if fp > fx {
            // Higher function value: the minimum is bracketed.
            let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
            let s = theta.abs().max(dx.abs()).max(dp.abs());
            let mut gamma = s * ((theta / s).powi(2) - dx / s * (dp / s)).sqrt();
            if stp < stx {
                gamma = -gamma;
            }
            let p = gamma - dx + theta;
            let q = gamma - dx + gamma + dp;
            let stpc = stx + p / q * (stp - stx);
            let stpq = stx + dx / ((fx - fp) / (stp - stx) + dx) / 2.0 * (stp - stx);
            stpf = if (stpc - stx).abs() <= (stpq - stx).abs() {
                stpc
            } else {
                stpc + (stpq - stpc) / 2.0
            };
            self.brackt = true;
        } else if sgnd < 0.0 {
            // Derivatives of opposite sign: bracketed.
            let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
            let s = theta.abs().max(dx.abs()).max(dp.abs());
            let mut gamma = s * ((theta / s).powi(2) - dx / s * (dp / s)).sqrt();
            if stp > stx {
                gamma = -gamma;
            }
            let p = gamma - dp + theta;
            let q = gamma - dp + gamma + dx;
            let stpc = stp + p / q * (stx - stp);
            let stpq = stp + dp / (dp - dx) * (stx - stp);
            stpf = if (stpc - stp).abs() > (stpq - stp).abs() {
                stpc
            } else {
                stpq
            };
            self.brackt = true;
        } else if dp.abs() < dx.abs() {
            // Same sign, derivative magnitude decreases.
            let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
            let s = theta.abs().max(dx.abs()).max(dp.abs());
            let mut gamma = s * (0.0_f64.max((theta / s).powi(2) - dx / s * (dp / s))).sqrt();
            if stp > stx {
                gamma = -gamma;
            }
            let p = gamma - dp + theta;
            let q = gamma + (dx - dp) + gamma;
            let r = p / q;
            let stpc = if r < 0.0 && gamma != 0.0 {
                stp + r * (stx - stp)
            } else if stp > stx {
                stpmax
            } else {
                stpmin
            };
            let stpq = stp + dp / (dp - dx) * (stx - stp);
            if self.brackt {
                let mut f = if (stpc - stp).abs() < (stpq - stp).abs() {
                    stpc
                } else {
                    stpq
                };
                f = if stp > stx {
                    (stp + 0.66 * (self.sty - stp)).min(f)
                } else {
                    (stp + 0.66 * (self.sty - stp)).max(f)
                };
                stpf = f;
            } else {
                let f = if (stpc - stp).abs() > (stpq - stp).abs() {
                    stpc
                } else {
                    stpq
                };
                stpf = f.clamp(stpmin, stpmax);
            }
        } else if self.brackt {
            let (sty, fy, dy) = (self.sty, self.fy, self.dy);
            let theta = 3.0 * (fp - fy) / (sty - stp) + dy + dp;
            let s = theta.abs().max(dy.abs()).max(dp.abs());
            let mut gamma = s * ((theta / s).powi(2) - dy / s * (dp / s)).sqrt();
            if stp > sty {
                gamma = -gamma;
            }
            let p = gamma - dp + theta;
            let q = gamma - dp + gamma + dy;
            stpf = stp + p / q * (sty - stp);
        } else if stp > stx {
            stpf = stpmax;
        } else {
            stpf = stpmin;
        }
        // Update the interval of uncertainty.
        if fp > fx {
            self.sty = stp;
            self.fy = fp;
            self.dy = dp;
        } else {
            if sgnd < 0.0 {
                self.sty = stx;
                self.fy = fx;
                self.dy = dx;
            }
            self.stx = stp;
            self.fx = fp;
            self.dx = dp;
        }
        stpf
    }
}

/// Result of a line search: step, f at the step, and whether the line's cached gradient is the
/// one at the step.
struct Found {
    alpha: f64,
    f: f64,
    grad_at_alpha: bool,
}

fn more_thuente<O: Objective>(
    line: &mut Line<'_, O>,
    f0: f64,
    d0: f64,
    alpha1: f64,
    c1: f64,
    c2: f64,
) -> Option<Found> {
    let (mut mt, mut stp) = MoreThuente::start(c1, c2, alpha1, f0, d0)?;
    // SciPy counts the start as one of its 100 rounds.
    for _ in 0..99 {
        let (f, g) = line.at(stp);
        match mt.next(stp, f, g) {
            Task::Evaluate(s) => {
                if !s.is_finite() {
                    return None;
                }
                stp = s;
            }
            Task::Converged(s) => {
                return Some(Found {
                    alpha: s,
                    f,
                    grad_at_alpha: true,
                });
            }
            Task::Failed => return None,
        }
    }
    None
}

fn cubic_min(a: f64, fa: f64, fpa: f64, b: f64, fb: f64, c: f64, fc: f64) -> Option<f64> {
    let cc = fpa;
    let db = b - a;
    let dc = c - a;
    let denom = (db * dc).powi(2) * (db - dc);
    let r0 = fb - fa - cc * db;
    let r1 = fc - fa - cc * dc;
    let aa = (dc * dc * r0 + -(db * db) * r1) / denom;
    let bb = (-(dc * dc * dc) * r0 + db * db * db * r1) / denom;
    let radical = bb * bb - 3.0 * aa * cc;
    let x = a + (-bb + radical.sqrt()) / (3.0 * aa);
    (denom != 0.0 && aa != 0.0 && radical >= 0.0 && x.is_finite()).then_some(x)
}

fn quad_min(a: f64, fa: f64, fpa: f64, b: f64, fb: f64) -> Option<f64> {
    let db = b - a;
    let bb = (fb - fa - fpa * db) / (db * db);
    let x = a - fpa / (2.0 * bb);
    (db != 0.0 && bb != 0.0 && x.is_finite()).then_some(x)
}

/// Bracketing strong-Wolfe search with a caller's extra acceptance condition (Nocedal & Wright).
fn wolfe_zoom_search<O: Objective>(
    line: &mut Line<'_, O>,
    f0: f64,
    old_f0: f64,
    d0: f64,
    c1: f64,
    c2: f64,
    extra: &mut dyn FnMut(f64, &[f64]) -> bool,
) -> Option<Found> {
    let amax = 1e100;
    let mut a0 = 0.0;
    let mut a1 = if d0 != 0.0 {
        (1.01 * 2.0 * (f0 - old_f0) / d0).min(1.0)
    } else {
        1.0
    };
    if a1 < 0.0 {
        a1 = 1.0;
    }
    a1 = a1.min(amax);
    let (mut f_a1, _) = line.at(a1);
    let mut f_a0 = f0;
    let mut d_a0 = d0;
    let mut check = |line: &mut Line<'_, O>, alpha: f64| -> bool {
        line.at(alpha);
        extra(alpha, &line.grad)
    };
    for i in 0..10 {
        if a1 == 0.0 || a0 > amax {
            return None;
        }
        if f_a1 > f0 + c1 * a1 * d0 || (f_a1 >= f_a0 && i > 0) {
            return zoom(line, a0, a1, f_a0, f_a1, d_a0, f0, d0, c1, c2, &mut check);
        }
        let (_, d_a1) = line.at(a1);
        if d_a1.abs() <= -c2 * d0 && check(line, a1) {
            return Some(Found {
                alpha: a1,
                f: f_a1,
                grad_at_alpha: true,
            });
        }
        if d_a1 >= 0.0 {
            return zoom(line, a1, a0, f_a1, f_a0, d_a1, f0, d0, c1, c2, &mut check);
        }
        let a2 = (2.0 * a1).min(amax);
        a0 = a1;
        a1 = a2;
        f_a0 = f_a1;
        f_a1 = line.at(a1).0;
        d_a0 = d_a1;
    }
    // Not converged: take the last trial step, gradient to be recomputed.
    Some(Found {
        alpha: a1,
        f: f_a1,
        grad_at_alpha: false,
    })
}

#[allow(clippy::too_many_arguments)]
fn zoom<O: Objective>(
    line: &mut Line<'_, O>,
    mut a_lo: f64,
    mut a_hi: f64,
    mut f_lo: f64,
    mut f_hi: f64,
    mut d_lo: f64,
    f0: f64,
    d0: f64,
    c1: f64,
    c2: f64,
    check: &mut dyn FnMut(&mut Line<'_, O>, f64) -> bool,
) -> Option<Found> {
    let (delta1, delta2) = (0.2, 0.1);
    let mut f_rec = f0;
    let mut a_rec = 0.0;
    let mut i = 0;
    loop {
        let da = a_hi - a_lo;
        let (a, b) = if da < 0.0 { (a_hi, a_lo) } else { (a_lo, a_hi) };
        let mut aj = None;
        if i > 0 {
            let cchk = delta1 * da;
            aj = cubic_min(a_lo, f_lo, d_lo, a_hi, f_hi, a_rec, f_rec)
                .filter(|&x| !(x > b - cchk || x < a + cchk));
        }
        let aj = match aj {
            Some(x) => x,
            None => {
                let qchk = delta2 * da;
                match quad_min(a_lo, f_lo, d_lo, a_hi, f_hi) {
                    Some(x) if !(x > b - qchk || x < a + qchk) => x,
                    _ => a_lo + 0.5 * da,
                }
            }
        };
        let (f_j, _) = line.at(aj);
        if f_j > f0 + c1 * aj * d0 || f_j >= f_lo {
            f_rec = f_hi;
            a_rec = a_hi;
            a_hi = aj;
            f_hi = f_j;
        } else {
            let (_, d_j) = line.at(aj);
            if d_j.abs() <= -c2 * d0 && check(line, aj) {
                return Some(Found {
                    alpha: aj,
                    f: f_j,
                    grad_at_alpha: true,
                });
            }
            if d_j * (a_hi - a_lo) >= 0.0 {
                f_rec = f_hi;
                a_rec = a_hi;
                a_hi = a_lo;
                f_hi = f_lo;
            } else {
                f_rec = f_lo;
                a_rec = a_lo;
            }
            a_lo = aj;
            f_lo = f_j;
            d_lo = d_j;
        }
        i += 1;
        if i > 10 {
            return None;
        }
    }
}

/// Minimises `obj` from `x` (updated in place) by Polak–Ribière+ conjugate gradient; stops when
/// the gradient's ∞-norm is at most `gtol`, after `max_iter` iterations, or when no acceptable
/// step is found. Returns the number of iterations.
pub(crate) fn minimize_cg<O: Objective>(
    obj: &mut O,
    x: &mut [f64],
    gtol: f64,
    max_iter: usize,
) -> usize {
    let (c1, c2, sigma3) = (1e-4, 0.4, 0.01);
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut fx = obj.eval(x, &mut g);
    let mut old_old = fx + dot(&g, &g).sqrt() / 2.0;
    let mut p: Vec<f64> = g.iter().map(|v| -v).collect();
    let mut gnorm = norm_inf(&g);
    let mut k = 0;
    while gnorm > gtol && k < max_iter {
        let deltak = dot(&g, &g);
        let d0 = dot(&g, &p);
        // The Polak–Ribière+ update for a candidate step, and the descent test on it.
        let pr_step = |g1: &[f64], g: &[f64], p: &[f64]| -> (Vec<f64>, f64) {
            let yk_g1: f64 = g1.iter().zip(g).map(|(a, b)| (a - b) * a).sum();
            let beta = (yk_g1 / deltak).max(0.0);
            let p1: Vec<f64> = g1.iter().zip(p).map(|(a, b)| -a + beta * b).collect();
            (p1, norm_inf(g1))
        };
        let mut descent = |_alpha: f64, g1: &[f64]| -> bool {
            let (p1, gn) = pr_step(g1, &g, &p);
            gn <= gtol || dot(&p1, g1) <= -sigma3 * dot(g1, g1)
        };
        let old_x = x.to_vec();
        let mut line = Line {
            obj: &mut *obj,
            x: &old_x,
            p: &p,
            last_alpha: None,
            last_f: 0.0,
            grad: vec![0.0; n],
            point: vec![0.0; n],
        };
        let mut alpha1 = if d0 != 0.0 {
            (1.01 * 2.0 * (fx - old_old) / d0).min(1.0)
        } else {
            1.0
        };
        if alpha1 < 0.0 {
            alpha1 = 1.0;
        }
        let mut found = more_thuente(&mut line, fx, d0, alpha1, c1, c2);
        if let Some(f) = &found {
            line.at(f.alpha);
            if !descent(f.alpha, &line.grad) {
                found = None;
            }
        }
        if found.is_none() {
            found = wolfe_zoom_search(&mut line, fx, old_old, d0, c1, c2, &mut descent);
        }
        let Some(found) = found else { break };
        if !found.grad_at_alpha || line.last_alpha != Some(found.alpha) {
            line.last_alpha = None;
        }
        line.at(found.alpha);
        let g1 = line.grad.clone();
        let (p1, gn) = pr_step(&g1, &g, &p);
        for ((xi, o), pi) in x.iter_mut().zip(&old_x).zip(&p) {
            *xi = o + found.alpha * pi;
        }
        old_old = fx;
        fx = found.f;
        g = g1;
        p = p1;
        gnorm = gn;
        k += 1;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Rosenbrock;
    impl Objective for Rosenbrock {
        fn eval(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
            let (a, b) = (x[0], x[1]);
            g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
            g[1] = 200.0 * (b - a * a);
            (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
        }
    }

    #[test]
    fn conjugate_gradient_finds_the_rosenbrock_minimum() {
        let mut x = [-1.2, 1.0];
        minimize_cg(&mut Rosenbrock, &mut x, 1e-8, 10_000);
        assert!(
            (x[0] - 1.0).abs() < 1e-5 && (x[1] - 1.0).abs() < 1e-5,
            "{x:?}"
        );
    }
}
