//! Queries written once, run on either backend, in a transaction or on the pool.
//!
//! [`query`], [`query_as`] and [`query_scalar`] read like sqlx's own: bind values
//! with `.bind(…)`, then `.execute(on)`, `.fetch_one(on)`, `.fetch_optional(on)` or
//! `.fetch_all(on)`, where `on` is a `&Db` (the pool) or a `&mut Tx` (an open
//! transaction, see [`crate::Db::write`]). Bound values are the schema's two types,
//! BIGINT and TEXT (either may be NULL); they are bound onto the backend's own query
//! at run time, so the SQL is written once and each backend keeps its native driver.

use crate::{Conn, Db, Tx};
use handprint_core::payout::PayoutState;
use handprint_core::review::DisputeState;
use handprint_core::{
    AssignmentId, DecisionId, HandprintId, Money, OrganizationId, ProjectId, QualificationId,
    TaskId, UserId,
};
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Arguments, Decode, FromRow, Postgres, SqlSafeStr, SqlStr, Sqlite, Type};
use std::marker::PhantomData;

/// One bound value: the schema holds only BIGINT and TEXT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Arg {
        Arg::Int(Some(v))
    }
}

impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Arg {
        Arg::Int(v)
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(Some(v.to_string()))
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(Some(v))
    }
}

impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Arg {
        Arg::Text(v.map(str::to_string))
    }
}

impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Arg {
        Arg::Text(v)
    }
}

impl From<Money> for Arg {
    fn from(v: Money) -> Arg {
        Arg::Int(Some(v.minor()))
    }
}

impl From<ProjectId> for Arg {
    fn from(v: ProjectId) -> Arg {
        Arg::Text(Some(v.into_string()))
    }
}

impl From<Option<&ProjectId>> for Arg {
    fn from(v: Option<&ProjectId>) -> Arg {
        Arg::Text(v.map(|id| id.as_str().to_string()))
    }
}

impl From<TaskId> for Arg {
    fn from(v: TaskId) -> Arg {
        Arg::Text(Some(v.into_string()))
    }
}

impl From<Option<&TaskId>> for Arg {
    fn from(v: Option<&TaskId>) -> Arg {
        Arg::Text(v.map(|id| id.as_str().to_string()))
    }
}

impl From<AssignmentId> for Arg {
    fn from(v: AssignmentId) -> Arg {
        Arg::Text(Some(v.into_string()))
    }
}

impl From<Option<&AssignmentId>> for Arg {
    fn from(v: Option<&AssignmentId>) -> Arg {
        Arg::Text(v.map(|id| id.as_str().to_string()))
    }
}

impl From<UserId> for Arg {
    fn from(v: UserId) -> Arg {
        Arg::Text(Some(v.into_string()))
    }
}

impl From<Option<&UserId>> for Arg {
    fn from(v: Option<&UserId>) -> Arg {
        Arg::Text(v.map(|id| id.as_str().to_string()))
    }
}

impl From<OrganizationId> for Arg {
    fn from(v: OrganizationId) -> Arg {
        Arg::Text(Some(v.into_string()))
    }
}

impl From<Option<&OrganizationId>> for Arg {
    fn from(v: Option<&OrganizationId>) -> Arg {
        Arg::Text(v.map(|id| id.as_str().to_string()))
    }
}

impl From<Option<ProjectId>> for Arg {
    fn from(v: Option<ProjectId>) -> Arg {
        Arg::Text(v.map(ProjectId::into_string))
    }
}

impl From<Option<AssignmentId>> for Arg {
    fn from(v: Option<AssignmentId>) -> Arg {
        Arg::Text(v.map(AssignmentId::into_string))
    }
}

impl From<DecisionId> for Arg {
    fn from(v: DecisionId) -> Arg {
        Arg::Text(Some(v.into_string()))
    }
}

impl From<HandprintId> for Arg {
    fn from(v: HandprintId) -> Arg {
        Arg::Text(Some(v.into_string()))
    }
}

impl From<Option<&QualificationId>> for Arg {
    fn from(v: Option<&QualificationId>) -> Arg {
        Arg::Text(v.map(|id| id.as_str().to_string()))
    }
}

impl From<QualificationId> for Arg {
    fn from(v: QualificationId) -> Arg {
        Arg::Text(Some(v.into_string()))
    }
}

impl From<Option<OrganizationId>> for Arg {
    fn from(v: Option<OrganizationId>) -> Arg {
        Arg::Text(v.map(OrganizationId::into_string))
    }
}

impl<T: Clone + Into<Arg>> From<&T> for Arg {
    fn from(v: &T) -> Arg {
        v.clone().into()
    }
}

/// Where a query runs: on the pool, or inside an open transaction.
pub enum On<'c, 't> {
    Pool(&'c Db),
    Tx(&'c mut Tx<'t>),
}

impl<'c> From<&'c Db> for On<'c, 'static> {
    fn from(db: &'c Db) -> Self {
        On::Pool(db)
    }
}

impl<'c, 't> From<&'c mut Tx<'t>> for On<'c, 't> {
    fn from(tx: &'c mut Tx<'t>) -> Self {
        On::Tx(tx)
    }
}

/// A row type both backends can decode (structs deriving `FromRow`, tuples).
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// A single column value both backends can decode.
pub trait Scalar:
    Type<Sqlite>
    + for<'r> Decode<'r, Sqlite>
    + Type<Postgres>
    + for<'r> Decode<'r, Postgres>
    + Send
    + Unpin
{
}
impl<T> Scalar for T where
    T: Type<Sqlite>
        + for<'r> Decode<'r, Sqlite>
        + Type<Postgres>
        + for<'r> Decode<'r, Postgres>
        + Send
        + Unpin
{
}

/// What a statement changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Done(u64);

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.0
    }
}

/// SQL and its bound values, not yet tied to a backend.
#[derive(Debug, Clone)]
struct Stmt {
    sql: SqlStr,
    args: Vec<Arg>,
}

impl Stmt {
    fn new(sql: impl SqlSafeStr) -> Stmt {
        Stmt {
            sql: sql.into_sql_str(),
            args: Vec::new(),
        }
    }

    fn sqlite(self) -> Result<(SqlStr, SqliteArguments), sqlx::Error> {
        let mut out = SqliteArguments::default();
        for arg in self.args {
            match arg {
                Arg::Int(v) => out.add(v),
                Arg::Text(v) => out.add(v),
            }
            .map_err(sqlx::Error::Encode)?;
        }
        Ok((self.sql, out))
    }

    fn postgres(self) -> Result<(SqlStr, PgArguments), sqlx::Error> {
        let mut out = PgArguments::default();
        for arg in self.args {
            match arg {
                Arg::Int(v) => out.add(v),
                Arg::Text(v) => out.add(v),
            }
            .map_err(sqlx::Error::Encode)?;
        }
        Ok((self.sql, out))
    }
}

/// A statement whose rows, if any, are not read.
#[derive(Debug, Clone)]
pub struct Query(Stmt);

/// A query whose rows decode into `O`.
#[derive(Debug, Clone)]
pub struct QueryAs<O>(Stmt, PhantomData<fn() -> O>);

/// A query whose first column decodes into `O`.
#[derive(Debug, Clone)]
pub struct QueryScalar<O>(Stmt, PhantomData<fn() -> O>);

/// `$1, $2, …, $n`: the placeholders of an `IN (…)` list of `n` bound values.
pub fn marks(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn query(sql: impl SqlSafeStr) -> Query {
    Query(Stmt::new(sql))
}

pub fn query_as<O: Row>(sql: impl SqlSafeStr) -> QueryAs<O> {
    QueryAs(Stmt::new(sql), PhantomData)
}

pub fn query_scalar<O: Scalar>(sql: impl SqlSafeStr) -> QueryScalar<O> {
    QueryScalar(Stmt::new(sql), PhantomData)
}

impl Query {
    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.0.args.push(value.into());
        self
    }

    pub async fn execute<'c, 't: 'c>(self, on: impl Into<On<'c, 't>>) -> Result<Done, sqlx::Error> {
        let mut on = on.into();
        if let On::Tx(tx) = &mut on {
            tx.open_savepoint().await?;
        }
        let done = match on {
            // A statement on the pool is a write: it joins the writer's batch like
            // every other SQLite write, instead of waiting for the lock on its own.
            On::Pool(Db::Sqlite(s)) => {
                let (sql, args) = self.0.sqlite()?;
                s.writer
                    .run::<u64, sqlx::Error, _>(|tx| {
                        Box::pin(async move {
                            let Conn::Sqlite(t) = &mut tx.conn else {
                                unreachable!("a SQLite batch holds a SQLite transaction")
                            };
                            Ok(sqlx::query_with(sql, args)
                                .execute(&mut **t)
                                .await?
                                .rows_affected())
                        })
                    })
                    .await?
            }
            On::Pool(Db::Postgres(p)) => {
                let (sql, args) = self.0.postgres()?;
                sqlx::query_with(sql, args)
                    .execute(p)
                    .await?
                    .rows_affected()
            }
            On::Tx(Tx {
                conn: Conn::Sqlite(t),
                ..
            }) => {
                let (sql, args) = self.0.sqlite()?;
                sqlx::query_with(sql, args)
                    .execute(&mut **t)
                    .await?
                    .rows_affected()
            }
            On::Tx(Tx {
                conn: Conn::Lent, ..
            }) => return Err(Conn::gone()),
            On::Tx(Tx {
                conn: Conn::Postgres(t),
                ..
            }) => {
                let (sql, args) = self.0.postgres()?;
                sqlx::query_with(sql, args)
                    .execute(&mut **t)
                    .await?
                    .rows_affected()
            }
        };
        Ok(Done(done))
    }
}

impl<O: Row> QueryAs<O> {
    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.0.args.push(value.into());
        self
    }

    pub async fn fetch_optional<'c, 't: 'c>(
        self,
        on: impl Into<On<'c, 't>>,
    ) -> Result<Option<O>, sqlx::Error> {
        let mut on = on.into();
        if let On::Tx(tx) = &mut on {
            tx.open_savepoint().await?;
        }
        match on {
            On::Pool(Db::Sqlite(s)) => {
                let p = s.pool();
                let (sql, args) = self.0.sqlite()?;
                sqlx::query_as_with(sql, args).fetch_optional(p).await
            }
            On::Pool(Db::Postgres(p)) => {
                let (sql, args) = self.0.postgres()?;
                sqlx::query_as_with(sql, args).fetch_optional(p).await
            }
            On::Tx(Tx {
                conn: Conn::Sqlite(t),
                ..
            }) => {
                let (sql, args) = self.0.sqlite()?;
                sqlx::query_as_with(sql, args)
                    .fetch_optional(&mut **t)
                    .await
            }
            On::Tx(Tx {
                conn: Conn::Lent, ..
            }) => Err(Conn::gone()),
            On::Tx(Tx {
                conn: Conn::Postgres(t),
                ..
            }) => {
                let (sql, args) = self.0.postgres()?;
                sqlx::query_as_with(sql, args)
                    .fetch_optional(&mut **t)
                    .await
            }
        }
    }

    pub async fn fetch_one<'c, 't: 'c>(self, on: impl Into<On<'c, 't>>) -> Result<O, sqlx::Error> {
        self.fetch_optional(on)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }

    pub async fn fetch_all<'c, 't: 'c>(
        self,
        on: impl Into<On<'c, 't>>,
    ) -> Result<Vec<O>, sqlx::Error> {
        let mut on = on.into();
        if let On::Tx(tx) = &mut on {
            tx.open_savepoint().await?;
        }
        match on {
            On::Pool(Db::Sqlite(s)) => {
                let p = s.pool();
                let (sql, args) = self.0.sqlite()?;
                sqlx::query_as_with(sql, args).fetch_all(p).await
            }
            On::Pool(Db::Postgres(p)) => {
                let (sql, args) = self.0.postgres()?;
                sqlx::query_as_with(sql, args).fetch_all(p).await
            }
            On::Tx(Tx {
                conn: Conn::Sqlite(t),
                ..
            }) => {
                let (sql, args) = self.0.sqlite()?;
                sqlx::query_as_with(sql, args).fetch_all(&mut **t).await
            }
            On::Tx(Tx {
                conn: Conn::Lent, ..
            }) => Err(Conn::gone()),
            On::Tx(Tx {
                conn: Conn::Postgres(t),
                ..
            }) => {
                let (sql, args) = self.0.postgres()?;
                sqlx::query_as_with(sql, args).fetch_all(&mut **t).await
            }
        }
    }
}

impl<O: Scalar> QueryScalar<O> {
    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.0.args.push(value.into());
        self
    }

    fn rows(self) -> QueryAs<(O,)> {
        QueryAs(self.0, PhantomData)
    }

    pub async fn fetch_optional<'c, 't: 'c>(
        self,
        on: impl Into<On<'c, 't>>,
    ) -> Result<Option<O>, sqlx::Error> {
        Ok(self.rows().fetch_optional(on).await?.map(|(v,)| v))
    }

    pub async fn fetch_one<'c, 't: 'c>(self, on: impl Into<On<'c, 't>>) -> Result<O, sqlx::Error> {
        Ok(self.rows().fetch_one(on).await?.0)
    }

    pub async fn fetch_all<'c, 't: 'c>(
        self,
        on: impl Into<On<'c, 't>>,
    ) -> Result<Vec<O>, sqlx::Error> {
        Ok(self
            .rows()
            .fetch_all(on)
            .await?
            .into_iter()
            .map(|(v,)| v)
            .collect())
    }
}

/// A nullable TEXT column read into an optional typed id, as a row field's
/// `#[sqlx(try_from = "NullableText")]` (sqlx's own `try_from` cannot reach inside
/// an `Option`): NULL is `None`, any text is the id.
pub struct NullableText(Option<String>);

impl<T: From<String>> From<NullableText> for Option<T> {
    fn from(text: NullableText) -> Option<T> {
        text.0.map(T::from)
    }
}

impl<DB: sqlx::Database> Type<DB> for NullableText
where
    String: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as Type<DB>>::type_info()
    }
    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: sqlx::Database> Decode<'r, DB> for NullableText
where
    Option<String>: Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(NullableText(<Option<String> as Decode<'r, DB>>::decode(
            value,
        )?))
    }
}

/// A TEXT column decoded strictly into a state enum, as a row field's
/// `#[sqlx(try_from = "Strict<State>")]`: an unknown value fails the read with the
/// enum's own error as the cause, naming the value (sqlx 0.9 reports the errors of a
/// plain `try_from = "String"` as "unprintable").
pub struct Strict<T>(T);

impl<DB: sqlx::Database, T> Type<DB> for Strict<T>
where
    String: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as Type<DB>>::type_info()
    }
    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: sqlx::Database, T> Decode<'r, DB> for Strict<T>
where
    String: Decode<'r, DB>,
    T: TryFrom<String>,
    T::Error: std::error::Error + Send + Sync + 'static,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <String as Decode<'r, DB>>::decode(value)?;
        Ok(Strict(T::try_from(text)?))
    }
}

impl From<Strict<PayoutState>> for PayoutState {
    fn from(stored: Strict<PayoutState>) -> PayoutState {
        stored.0
    }
}

impl From<Strict<DisputeState>> for DisputeState {
    fn from(stored: Strict<DisputeState>) -> DisputeState {
        stored.0
    }
}
