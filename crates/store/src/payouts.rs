//! Payouts: a worker asks for their available money; it waits as pending until an
//! operator records the transfer as paid (it leaves the platform) or failed (it is
//! the worker's again). Balances never expire.

use crate::ledger::{TransferMeta, post_transfer};
use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, StoreError, new_id};
use handprint_core::ledger::{Account, Reason, Transfer};
use handprint_core::payout::PayoutState;
use handprint_core::{Money, Timestamp, UserId};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PayoutRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub worker_id: UserId,
    #[sqlx(try_from = "i64")]
    pub amount: Money,
    pub provider: String,
    pub destination: String,
    /// Decoded when read: an unknown state is an error, never a default.
    #[sqlx(try_from = "crate::sql::Strict<PayoutState>")]
    pub state: PayoutState,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub requested_at: i64,
    pub decided_at: Option<i64>,
    #[sqlx(try_from = "crate::sql::NullableText")]
    pub decided_by: Option<UserId>,
}

/// A payout to ask for: the worker, how much, through which provider, where to, and
/// the request's idempotency key if it has one.
#[derive(Debug, Clone, Copy)]
pub struct NewPayout<'a> {
    pub worker_id: &'a UserId,
    pub amount: Money,
    pub provider: &'a str,
    pub destination: &'a str,
    pub key: Option<&'a str>,
}

const PAYOUT_COLUMNS: &str = r#"
    id, worker_id, amount, provider, destination, state, reference, note, requested_at,
    decided_at, decided_by
"#;

/// Which payouts to list.
#[derive(Debug, Clone, Copy)]
pub enum PayoutFilter<'a> {
    Worker(&'a UserId),
    State(PayoutState),
}

impl Db {
    /// Move `amount` of the worker's available money into a payout request.
    /// Move `amount` from the worker's available balance to a pending payout. With a
    /// `key`, a request the worker already made under it is returned instead (false:
    /// nothing moved now).
    pub async fn request_payout(
        &self,
        request: NewPayout<'_>,
        now: Timestamp,
    ) -> Result<(PayoutRow, bool)> {
        let NewPayout {
            worker_id,
            amount,
            provider,
            destination,
            key,
        } = request;
        let amount = amount.0; // the ledger counts minor units
        let id = new_id();
        let t = Transfer::new(
            format!("payout:{id}:requested"),
            Reason::PayoutRequested,
            format!("payout requested to {destination}"),
        )
        .movement(
            &Account::worker_available(worker_id),
            &Account::worker_pending(worker_id),
            amount,
        );
        let id = &id;
        let stored = self
            .write(|tx| {
                Box::pin(async move {
                    if let Some(key) = key {
                        let earlier: Option<String> = query_scalar::<String>(
                            "SELECT id FROM payouts WHERE worker_id = $1 AND idempotency_key = $2",
                        )
                        .bind(worker_id)
                        .bind(key)
                        .fetch_optional(&mut *tx)
                        .await?;
                        if earlier.is_some() {
                            return Ok(earlier);
                        }
                    }
                    query(
                        r#"
                        INSERT INTO payouts (id, worker_id, amount, provider, destination, state,
                            requested_at, idempotency_key)
                        VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7)
                        "#,
                    )
                    .bind(id)
                    .bind(worker_id)
                    .bind(amount)
                    .bind(provider)
                    .bind(destination)
                    .bind(now)
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
                    post_transfer(tx, &t, &TransferMeta::default(), now).await?;
                    Ok(None)
                })
            })
            .await?;
        match stored {
            Some(earlier) => Ok((self.payout(&earlier).await?, false)),
            None => Ok((self.payout(id).await?, true)),
        }
    }

    /// The payout `worker_id` asked for under `key`, if any.
    pub async fn payout_by_key(&self, worker_id: &UserId, key: &str) -> Result<Option<PayoutRow>> {
        let sql = format!(
            "SELECT {PAYOUT_COLUMNS} FROM payouts WHERE worker_id = $1 AND idempotency_key = $2"
        );
        Ok((query_as::<PayoutRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(worker_id)
            .bind(key)
            .fetch_optional(self)
            .await)?)
    }

    pub async fn payout(&self, id: &str) -> Result<PayoutRow> {
        let sql = format!("SELECT {PAYOUT_COLUMNS} FROM payouts WHERE id = $1");
        (query_as::<PayoutRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(self)
            .await)?
            .ok_or(StoreError::NotFound(crate::Entity::Payout))
    }

    pub async fn payouts(&self, filter: PayoutFilter<'_>) -> Result<Vec<PayoutRow>> {
        let (cond, arg) = match filter {
            PayoutFilter::Worker(w) => ("worker_id = $1", w.as_str()),
            PayoutFilter::State(s) => ("state = $1", s.as_str()),
        };
        let sql = format!(
            r#"
            SELECT {PAYOUT_COLUMNS} FROM payouts WHERE {cond} ORDER BY requested_at, id LIMIT
            10000
            "#
        );
        Ok((query_as::<PayoutRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(arg)
            .fetch_all(self)
            .await)?)
    }

    /// An operator records the outcome of a requested payout: paid (with the
    /// transfer's reference) or failed (the money returns to the worker). Repeating
    /// the same outcome is harmless; the other one is refused.
    pub async fn settle_payout(
        &self,
        id: &str,
        paid: bool,
        text: &str,
        operator_id: &UserId,
        now: Timestamp,
    ) -> Result<PayoutRow> {
        let target = if paid {
            PayoutState::Paid
        } else {
            PayoutState::Failed
        };
        let unchanged = self
            .write(|tx| {
                Box::pin(async move {
                    let sql = format!(
                        "SELECT {PAYOUT_COLUMNS} FROM payouts WHERE id = $1{}",
                        tx.lock()
                    );
                    let payout = query_as::<PayoutRow>(sqlx::AssertSqlSafe(sql.as_str()))
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or(StoreError::NotFound(crate::Entity::Payout))?;
                    if payout.state == target {
                        return Ok(Some(payout));
                    }
                    if payout.state != PayoutState::Requested {
                        return Err(StoreError::conflict(
                            "err-payout-already",
                            vec![("state", payout.state.to_string())],
                        ));
                    }
                    let pending = Account::worker_pending(&payout.worker_id);
                    let t = if paid {
                        Transfer::new(
                            format!("payout:{id}:paid"),
                            Reason::PayoutPaid,
                            format!("paid to {}, reference {text}", payout.destination),
                        )
                        .movement(
                            &pending,
                            &Account::paid_out(&payout.worker_id),
                            payout.amount.minor(),
                        )
                    } else {
                        Transfer::new(
                            format!("payout:{id}:failed"),
                            Reason::PayoutFailed,
                            format!("payout failed ({text}); the money is available again"),
                        )
                        .movement(
                            &pending,
                            &Account::worker_available(&payout.worker_id),
                            payout.amount.minor(),
                        )
                    };
                    post_transfer(tx, &t, &TransferMeta::default(), now).await?;
                    let column = if paid { "reference" } else { "note" };
                    let sql = format!(
                        r#"
                        UPDATE payouts SET state = $1, {column} = $2, decided_at = $3, decided_by
                            = $4
                        WHERE id = $5
                        "#
                    );
                    query(sqlx::AssertSqlSafe(sql.as_str()))
                        .bind(target.as_str())
                        .bind(text)
                        .bind(now)
                        .bind(operator_id)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    Ok(None)
                })
            })
            .await?;
        if let Some(unchanged) = unchanged {
            return Ok(unchanged);
        }
        self.payout(id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;

    #[tokio::test]
    async fn an_unknown_payout_state_fails_the_read() {
        let dir = std::env::temp_dir().join(format!("handprint-store-test-{}", new_id()));
        let db = Db::connect(&Location::DataDir(dir.clone()), 1)
            .await
            .expect("a SQLite database");
        db.migrate().await.expect("migrations");
        let Db::Sqlite(sqlite) = &db else {
            panic!("a data directory opens SQLite");
        };
        let pool = sqlite.pool();
        // A value edited in by hand, past the schema's own checks.
        for pragma in [
            "PRAGMA foreign_keys = OFF",
            "PRAGMA ignore_check_constraints = ON",
        ] {
            sqlx::query(pragma).execute(pool).await.expect("pragma");
        }
        sqlx::query(
            r#"
            INSERT INTO payouts (id, worker_id, amount, provider, destination, state,
                requested_at)
            VALUES ('x', 'w', 500, 'manual', 'IBAN', 'sent', 0)
            "#,
        )
        .execute(pool)
        .await
        .expect("the payout");
        let decode_error = |r: Result<()>| match r {
            Err(StoreError::Database(sqlx::Error::ColumnDecode { index, source })) => {
                assert_eq!(index, "\"state\"");
                assert!(source.to_string().contains("\"sent\""), "{source}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        };
        decode_error(db.payout("x").await.map(|_| ()));
        decode_error(
            db.payouts(PayoutFilter::Worker(&"w".into()))
                .await
                .map(|_| ()),
        );
        db.close().await;
        std::fs::remove_dir_all(dir).expect("remove the test database");
    }
}
