//! How money enters and leaves the platform. A provider checks what a requester's
//! deposit reference and a worker's payout destination look like, and turns the
//! pending payouts into what an operator sends. The ledger never depends on which
//! provider is used: deposits and payouts are ordinary transfers.
//!
//! Shipped: manual bank or mobile-money transfers, recorded by an operator.

use handprint_core::spreadsheet::safe_record;
use handprint_core::{Currency, Msg};
use handprint_store::payouts::PayoutRow;

pub trait PaymentProvider: Send + Sync {
    /// Stored on each payout.
    fn name(&self) -> &'static str;
    /// A deposit's reference as the provider shows it (a bank or mobile-money transaction id).
    fn deposit_reference(&self, text: &str) -> Result<String, Msg>;
    /// Where a worker wants to be paid, checked.
    fn payout_destination(&self, text: &str) -> Result<String, Msg>;
    /// The batch an operator sends to the provider for these payouts.
    fn export(&self, payouts: &[PayoutRow], currency: &Currency) -> Vec<u8>;
}

/// An operator moves the money by hand (bank transfer, M-Pesa, Orange Money …)
/// from a CSV of pending payouts, then marks each paid with its reference.
#[derive(Debug, Clone, Copy, Default)]
pub struct ManualTransfer;

/// `text` trimmed, not empty, at most `max` characters of plain text; `codes` are the
/// catalogue ids of "missing" and "too long" (the catalogue words what it is).
fn bounded(text: &str, codes: (&'static str, &'static str), max: usize) -> Result<String, Msg> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Msg::coded(codes.0, Vec::new()));
    }
    if t.chars().count() > max || t.chars().any(char::is_control) {
        return Err(Msg::coded(codes.1, vec![("max", max.to_string())]));
    }
    Ok(t.to_string())
}

impl PaymentProvider for ManualTransfer {
    fn name(&self) -> &'static str {
        "manual"
    }
    fn deposit_reference(&self, text: &str) -> Result<String, Msg> {
        bounded(text, ("err-reference-missing", "err-reference-long"), 200)
    }
    fn payout_destination(&self, text: &str) -> Result<String, Msg> {
        bounded(
            text,
            ("err-destination-missing", "err-destination-long"),
            300,
        )
    }
    fn export(&self, payouts: &[PayoutRow], currency: &Currency) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record([
            "payout_id",
            "worker_id",
            "amount",
            "currency",
            "destination",
            "requested_at",
        ]);
        for p in payouts {
            let _ = w.write_record(safe_record([
                p.id.as_str(),
                p.worker_id.as_str(),
                &p.amount.format(currency),
                currency.code.as_str(),
                p.destination.as_str(),
                &handprint_core::clock::to_rfc3339(p.requested_at),
            ]));
        }
        w.into_inner().unwrap_or_default()
    }
}

/// The instance's provider.
pub fn provider() -> &'static dyn PaymentProvider {
    &ManualTransfer
}
