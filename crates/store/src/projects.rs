//! Projects: their stored settings and lifecycle transitions.

use crate::sql::{query, query_as};
use crate::{Db, Result, StoreError, Tx, from_json, new_id, to_json};
use handprint_core::eligibility::Eligibility;
use handprint_core::ledger::FeeRule;
use handprint_core::money::Money;
use handprint_core::project::{EndUse, ProjectSpec, ProjectState, SensitiveContent};
use handprint_core::template::Template;
use handprint_core::{OrganizationId, ProjectId, Timestamp, UserId};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectRow {
    #[sqlx(try_from = "String")]
    pub id: ProjectId,
    #[sqlx(try_from = "String")]
    pub organization_id: OrganizationId,
    #[sqlx(try_from = "String")]
    pub created_by: UserId,
    pub title: String,
    pub description: String,
    pub instructions: String,
    pub template: Option<String>,
    pub purpose: Option<String>,
    pub end_uses: String,
    pub sensitive_content: String,
    pub reward: Option<i64>,
    pub estimated_seconds: Option<i64>,
    pub answers_per_task: i64,
    pub lease_seconds: i64,
    pub language: String,
    /// Decoded when read: an unknown state is an error, never a default.
    #[sqlx(try_from = "String")]
    pub state: ProjectState,
    pub pseudonym_salt: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub review_window_seconds: i64,
    pub fee_basis_points: i64,
    pub reserve_basis_points: i64,
    pub funded_slots: i64,
    pub settled_slots: i64,
    pub reserve: i64,
    pub paused_reason: Option<String>,
    /// How the fee is charged: fixed at first publish; a stored name Handprint does
    /// not know fails the read (never a default).
    #[sqlx(try_from = "StoredFeeRule")]
    pub fee_rule: FeeRule,
    /// Who may work on it, as JSON (see [`Eligibility`]); `project_countries`,
    /// `project_languages` and `project_qualifications` hold the same for the claim.
    pub eligibility: String,
    /// Bit 1: `eligibility` keeps anyone out; bit 2: the organisation blocks anyone.
    /// At 0 the claim checks nothing more.
    pub restricted: i64,
    /// Dynamic overlap (all three set, or none): see [`handprint_core::overlap`].
    pub overlap_min: Option<i64>,
    pub overlap_max: Option<i64>,
    pub overlap_confidence_bp: Option<i64>,
    /// The percentage of each worker's items that are control items.
    pub control_rate: i64,
    /// The quality rules as JSON (see `handprint_core::quality`).
    pub quality_rules: String,
}

/// A fee rule as stored (its name in a TEXT column), decoded strictly: an unknown
/// name fails the read with [`handprint_core::ledger::UnknownFeeRule`] as its cause.
/// (Decoded here rather than through `try_from = "String"`, whose errors sqlx 0.9
/// reports as "unprintable".)
pub struct StoredFeeRule(FeeRule);

impl From<StoredFeeRule> for FeeRule {
    fn from(stored: StoredFeeRule) -> FeeRule {
        stored.0
    }
}

impl<DB: sqlx::Database> sqlx::Type<DB> for StoredFeeRule
where
    String: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as sqlx::Type<DB>>::type_info()
    }
    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for StoredFeeRule
where
    String: sqlx::Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let name = <String as sqlx::Decode<'r, DB>>::decode(value)?;
        Ok(StoredFeeRule(FeeRule::parse(&name)?))
    }
}

pub(crate) const PROJECT_COLUMNS: &str = r#"
    id, organization_id, created_by, title, description, instructions, template, purpose,
    end_uses, sensitive_content, reward, estimated_seconds, answers_per_task,
    lease_seconds, language, state, pseudonym_salt, created_at, updated_at, published_at,
    review_window_seconds, fee_basis_points, reserve_basis_points, funded_slots,
    settled_slots, reserve, paused_reason, fee_rule, eligibility, restricted, overlap_min,
    overlap_max, overlap_confidence_bp, control_rate, quality_rules
"#;

impl ProjectRow {
    /// A project from a row of a direct connection (`crate::direct`), its columns
    /// [`PROJECT_COLUMNS`] in that order from where `c` stands.
    pub(crate) fn from_columns(c: &mut crate::direct::Columns<'_, '_>) -> Result<ProjectRow> {
        Ok(ProjectRow {
            id: c.parsed("id")?,
            organization_id: c.parsed("organization_id")?,
            created_by: c.parsed("created_by")?,
            title: c.next("title")?,
            description: c.next("description")?,
            instructions: c.next("instructions")?,
            template: c.next("template")?,
            purpose: c.next("purpose")?,
            end_uses: c.next("end_uses")?,
            sensitive_content: c.next("sensitive_content")?,
            reward: c.next("reward")?,
            estimated_seconds: c.next("estimated_seconds")?,
            answers_per_task: c.next("answers_per_task")?,
            lease_seconds: c.next("lease_seconds")?,
            language: c.next("language")?,
            state: c.parsed("state")?,
            pseudonym_salt: c.next("pseudonym_salt")?,
            created_at: c.next("created_at")?,
            updated_at: c.next("updated_at")?,
            published_at: c.next("published_at")?,
            review_window_seconds: c.next("review_window_seconds")?,
            fee_basis_points: c.next("fee_basis_points")?,
            reserve_basis_points: c.next("reserve_basis_points")?,
            funded_slots: c.next("funded_slots")?,
            settled_slots: c.next("settled_slots")?,
            reserve: c.next("reserve")?,
            paused_reason: c.next("paused_reason")?,
            fee_rule: c.parsed("fee_rule")?,
            eligibility: c.next("eligibility")?,
            restricted: c.next("restricted")?,
            overlap_min: c.next("overlap_min")?,
            overlap_max: c.next("overlap_max")?,
            overlap_confidence_bp: c.next("overlap_confidence_bp")?,
            control_rate: c.next("control_rate")?,
            quality_rules: c.next("quality_rules")?,
        })
    }

    pub fn state(&self) -> ProjectState {
        self.state
    }

    /// The typed settings stored in this row.
    pub fn spec(&self) -> Result<ProjectSpec> {
        let template = match &self.template {
            Some(text) => {
                let value: serde_json::Value = from_json(text)?;
                Some(Template::parse(&value).map_err(|e| StoreError::Corrupt(e.to_string()))?)
            }
            None => None,
        };
        let end_uses: Vec<String> = from_json(&self.end_uses)?;
        let sensitive: Vec<String> = from_json(&self.sensitive_content)?;
        Ok(ProjectSpec {
            title: self.title.clone(),
            description: self.description.clone(),
            instructions: self.instructions.clone(),
            template,
            purpose: self.purpose.clone(),
            end_uses: end_uses.iter().filter_map(|e| EndUse::parse(e)).collect(),
            // As stored, even a category the operator removed since (see SensitiveContent).
            sensitive_content: sensitive
                .iter()
                .map(|s| SensitiveContent::stored(s))
                .collect(),
            reward: self.reward.map(Money),
            estimated_seconds: self.estimated_seconds,
            answers_per_task: self.answers_per_task,
            lease_seconds: self.lease_seconds,
            language: self.language.clone(),
            review_window_seconds: self.review_window_seconds,
            eligibility: Eligibility::from_stored(&self.eligibility)
                .map_err(StoreError::Corrupt)?,
            overlap: self.overlap(),
            control_rate: self.control_rate,
            quality_rules: handprint_core::quality::rules_from_stored(&self.quality_rules)
                .map_err(StoreError::Corrupt)?,
        })
    }

    /// The project's dynamic overlap, if it has one.
    pub fn overlap(&self) -> Option<handprint_core::overlap::Overlap> {
        match (
            self.overlap_min,
            self.overlap_max,
            self.overlap_confidence_bp,
        ) {
            (Some(min), Some(max), Some(confidence_bp)) => Some(handprint_core::overlap::Overlap {
                min,
                max,
                confidence_bp,
            }),
            _ => None,
        }
    }

    /// The answer slots a new item opens with (see [`ProjectSpec::initial_slots`]).
    pub fn initial_slots(&self) -> i64 {
        self.overlap().map_or(self.answers_per_task, |o| o.min)
    }

    /// The project's escrow position (what its escrow account must hold).
    pub fn escrow(&self) -> handprint_core::ledger::EscrowState {
        handprint_core::ledger::EscrowState {
            funded_slots: self.funded_slots,
            settled_slots: self.settled_slots,
            reserve: self.reserve,
            reward: self.reward.unwrap_or(0),
            fee: handprint_core::ledger::BasisPoints(self.fee_basis_points),
            rule: self.fee_rule,
        }
    }
}

fn spec_columns(spec: &ProjectSpec) -> (Option<String>, String, String) {
    let template = spec.template.as_ref().map(to_json);
    let end_uses = to_json(&spec.end_uses.iter().map(|e| e.as_str()).collect::<Vec<_>>());
    let sensitive = to_json(
        &spec
            .sensitive_content
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>(),
    );
    (template, end_uses, sensitive)
}

/// Which projects a listing shows.
#[derive(Debug, Clone)]
pub enum ProjectFilter<'a> {
    Organization(&'a OrganizationId),
    Active,
}

impl Db {
    pub async fn create_project(
        &self,
        organization_id: &OrganizationId,
        created_by: &UserId,
        spec: &ProjectSpec,
        now: Timestamp,
    ) -> Result<ProjectRow> {
        let id = new_id();
        let salt = format!("{:032x}", rand_u128());
        let (template, end_uses, sensitive) = spec_columns(spec);
        let project_id = ProjectId::from(id.clone());
        let pid = &project_id;
        let (salt, id) = (&salt, &id);
        let (template, end_uses, sensitive) = (&template, &end_uses, &sensitive);
        self.write(|tx| {
            Box::pin(async move {
                query(
                    r#"
            INSERT INTO projects (id, organization_id, created_by, title, description,
                instructions, template, purpose,
            end_uses, sensitive_content, reward, estimated_seconds, answers_per_task,
                lease_seconds, language, state,
            pseudonym_salt, created_at, updated_at, review_window_seconds)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'draft',
                $16, $17, $17, $18)
            "#,
                )
                .bind(id)
                .bind(organization_id)
                .bind(created_by)
                .bind(&spec.title)
                .bind(&spec.description)
                .bind(&spec.instructions)
                .bind(template)
                .bind(&spec.purpose)
                .bind(end_uses)
                .bind(sensitive)
                .bind(spec.reward.map(|m| m.0))
                .bind(spec.estimated_seconds)
                .bind(spec.answers_per_task)
                .bind(spec.lease_seconds)
                .bind(&spec.language)
                .bind(salt)
                .bind(now)
                .bind(spec.review_window_seconds)
                .execute(&mut *tx)
                .await?;
                write_overlap(tx, pid, spec.overlap).await?;
                write_eligibility(tx, pid, &spec.eligibility).await?;
                crate::sensitive::write_project_sensitive(tx, pid, spec).await?;
                write_quality(tx, pid, spec).await
            })
        })
        .await?;
        self.project(&project_id).await
    }

    pub async fn project(&self, id: &ProjectId) -> Result<ProjectRow> {
        let sql = format!("SELECT {PROJECT_COLUMNS} FROM projects WHERE id = $1");
        (query_as::<ProjectRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.as_str())
            .fetch_optional(self)
            .await)?
            .ok_or(StoreError::NotFound(crate::Entity::Project))
    }

    /// The projects with these ids, in one query (ids not found are left out).
    pub async fn projects_by_ids(&self, ids: &[ProjectId]) -> Result<Vec<ProjectRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {PROJECT_COLUMNS} FROM projects WHERE id IN ({})",
            crate::sql::marks(ids.len())
        );
        Ok(({
            let mut q = query_as::<ProjectRow>(sqlx::AssertSqlSafe(sql.as_str()));
            for id in ids {
                q = q.bind(id);
            }
            q.fetch_all(self).await
        })?)
    }

    pub async fn projects(&self, filter: ProjectFilter<'_>) -> Result<Vec<ProjectRow>> {
        let (cond, arg) = match filter {
            ProjectFilter::Organization(org) => ("organization_id = $1", org.as_str()),
            ProjectFilter::Active => ("state = $1", "active"),
        };
        let sql = format!(
            "SELECT {PROJECT_COLUMNS} FROM projects WHERE {cond} ORDER BY created_at DESC, id"
        );
        Ok((query_as::<ProjectRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(arg)
            .fetch_all(self)
            .await)?)
    }

    /// Replace a project's settings. When `expect_state` no longer holds (someone
    /// changed it meanwhile) nothing is written and a conflict is returned.
    pub async fn update_project(
        &self,
        id: &ProjectId,
        spec: &ProjectSpec,
        expect_state: ProjectState,
        now: Timestamp,
    ) -> Result<ProjectRow> {
        let (template, end_uses, sensitive) = spec_columns(spec);
        // Money terms belong to the escrow: once published, only the pay floor changes
        // the reward (a concurrent raise must not be overwritten by an edit of the title).
        let changed = self
            .write(|tx| {
                Box::pin(async move {
                    let n = query(
                        r#"
                        UPDATE projects SET title = $1, description = $2, instructions = $3,
                            template =
                            $4, purpose = $5,
                        end_uses = $6, sensitive_content = $7, estimated_seconds = $9,
                        reward = CASE WHEN state = 'draft' THEN $8 ELSE reward END,
                        answers_per_task = CASE WHEN state = 'draft' THEN $10 ELSE
                            answers_per_task END,
                        lease_seconds = $11, language = $12, updated_at = $13,
                            review_window_seconds = $16
                        WHERE id = $14 AND state = $15
                        "#,
                    )
                    .bind(&spec.title)
                    .bind(&spec.description)
                    .bind(&spec.instructions)
                    .bind(&template)
                    .bind(&spec.purpose)
                    .bind(&end_uses)
                    .bind(&sensitive)
                    .bind(spec.reward.map(|m| m.0))
                    .bind(spec.estimated_seconds)
                    .bind(spec.answers_per_task)
                    .bind(spec.lease_seconds)
                    .bind(&spec.language)
                    .bind(now)
                    .bind(id)
                    .bind(expect_state.as_str())
                    .bind(spec.review_window_seconds)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if n == 1 {
                        write_eligibility(tx, id, &spec.eligibility).await?;
                        crate::sensitive::write_project_sensitive(tx, id, spec).await?;
                        write_quality(tx, id, spec).await?;
                    }
                    if n == 1 && expect_state == ProjectState::Draft {
                        // Overlap may change while nothing has been offered yet.
                        write_overlap(tx, id, spec.overlap).await?;
                        query("UPDATE tasks SET remaining = $1 WHERE project_id = $2")
                            .bind(spec.initial_slots())
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    Ok(n)
                })
            })
            .await?;
        if changed != 1 {
            return Err(StoreError::conflict("err-project-changed", Vec::new()));
        }
        self.project(id).await
    }

    /// Move a project from `from` to `to`; false when it was no longer in `from`.
    pub async fn set_project_state(
        &self,
        id: &ProjectId,
        from: ProjectState,
        to: ProjectState,
        now: Timestamp,
    ) -> Result<bool> {
        let published = (to == ProjectState::Active).then_some(now);
        let n = (query(
            r#"
            UPDATE projects SET state = $1, updated_at = $2, published_at =
                COALESCE(published_at, $3)
            WHERE id = $4 AND state = $5
            "#,
        )
        .bind(to.as_str())
        .bind(now)
        .bind(published)
        .bind(id)
        .bind(from.as_str())
        .execute(self)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}

/// Replace a project's control rate and quality rules.
async fn write_quality(tx: &mut crate::Tx<'_>, id: &ProjectId, spec: &ProjectSpec) -> Result<()> {
    query("UPDATE projects SET control_rate = $1, quality_rules = $2 WHERE id = $3")
        .bind(spec.control_rate)
        .bind(handprint_core::quality::rules_json(&spec.quality_rules).to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Replace a project's eligibility: its JSON, its `restricted` flag and the rows
/// the claim reads.
async fn write_eligibility(
    tx: &mut crate::Tx<'_>,
    id: &ProjectId,
    eligibility: &Eligibility,
) -> Result<()> {
    query(
        r#"
        UPDATE projects SET eligibility = $1, included_only = $2, restricted = $3 + CASE WHEN
            EXISTS (SELECT 1 FROM worker_lists wl WHERE wl.organization_id =
                projects.organization_id AND wl.list = 'block') THEN 2 ELSE 0 END
        WHERE id = $4
        "#,
    )
    .bind(to_json(eligibility))
    .bind(i64::from(eligibility.included_only))
    .bind(i64::from(eligibility.restricts()))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    for table in [
        "project_countries",
        "project_languages",
        "project_qualifications",
    ] {
        let sql = format!("DELETE FROM {table} WHERE project_id = $1");
        query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    for c in &eligibility.countries {
        query("INSERT INTO project_countries (project_id, country) VALUES ($1, $2)")
            .bind(id)
            .bind(c.as_str())
            .execute(&mut *tx)
            .await?;
    }
    for l in &eligibility.languages {
        query("INSERT INTO project_languages (project_id, language) VALUES ($1, $2)")
            .bind(id)
            .bind(l.as_str())
            .execute(&mut *tx)
            .await?;
    }
    for r in &eligibility.qualifications {
        query(
            r#"
            INSERT INTO project_qualifications (project_id, qualification_id, min_score)
            VALUES ($1, $2, $3)
            "#,
        )
        .bind(id)
        .bind(&r.id)
        .bind(r.min_score)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

fn rand_u128() -> u128 {
    uuid::Uuid::new_v4().as_u128()
}

/// Store a project's dynamic overlap (or its absence).
async fn write_overlap(
    tx: &mut Tx<'_>,
    id: &ProjectId,
    overlap: Option<handprint_core::overlap::Overlap>,
) -> Result<()> {
    query(
        "UPDATE projects SET overlap_min = $1, overlap_max = $2, overlap_confidence_bp = $3 WHERE id = $4",
    )
    .bind(overlap.map(|o| o.min))
    .bind(overlap.map(|o| o.max))
    .bind(overlap.map(|o| o.confidence_bp))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::NewUser;
    use crate::{Location, StoreError};
    use handprint_core::account::Role;

    // (An unknown role cannot be stored: the users table checks it. Its decoding is
    // strict all the same.)

    /// A fresh SQLite database in a temporary directory.
    async fn fresh() -> (Db, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("handprint-store-test-{}", new_id()));
        let db = Db::connect(&Location::DataDir(dir.clone()), 1)
            .await
            .expect("a SQLite database");
        db.migrate().await.expect("migrations");
        (db, dir)
    }

    fn a_decode_error_naming(r: Result<()>, what: &str) {
        match r {
            // sqlx's derived FromRow cannot show the conversion's own message
            // (its error type is generic there): the error names the column.
            Err(StoreError::Database(sqlx::Error::ColumnDecode { index, .. })) => {
                assert_eq!(index, what);
            }
            other => panic!(
                "expected a decode error naming {what}, got {:?}",
                other.map_err(|e| e.to_string())
            ),
        }
    }

    /// Project `p` written by hand, row by row as the migrations left the table: its
    /// organisation and creator a new requester's, every other column of
    /// [`PROJECT_COLUMNS`] the SQL literal `value` gives for (its position, its name).
    async fn project_by_hand(db: &Db, value: impl Fn(usize, &str) -> String) {
        let user = db
            .create_user(
                NewUser {
                    email: "r@example.org",
                    password_hash: "x",
                    name: "R",
                    role: Role::Requester,
                    country: "FR",
                    organization: Some("Org"),
                },
                0,
            )
            .await
            .expect("a requester");
        let org = user.organization_id.clone().expect("an organisation");
        let columns: Vec<&str> = PROJECT_COLUMNS.split(',').map(str::trim).collect();
        let values: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| match *c {
                "id" => "'p'".to_string(),
                "organization_id" => format!("'{org}'"),
                "created_by" => format!("'{}'", user.id),
                other => value(i, other),
            })
            .collect();
        let insert = format!(
            "INSERT INTO projects ({}) VALUES ({})",
            columns.join(", "),
            values.join(", ")
        );
        query(sqlx::AssertSqlSafe(insert.as_str()))
            .execute(db)
            .await
            .expect("a project row written by hand");
    }

    #[tokio::test]
    async fn an_unknown_project_state_fails_the_read_instead_of_reading_as_a_draft() {
        let (db, dir) = fresh().await;
        project_by_hand(&db, |_, c| match c {
            "state" => "'actve'".to_string(),
            "template" | "published_at" | "paused_reason" => "NULL".to_string(),
            "end_uses" | "sensitive_content" => "'[]'".to_string(),
            "eligibility" => "'{}'".to_string(),
            "quality_rules" => "'[]'".to_string(),
            "fee_rule" => "'per_project'".to_string(),
            "title" | "description" | "instructions" | "purpose" | "language"
            | "pseudonym_salt" => "'x'".to_string(),
            _ => "1".to_string(),
        })
        .await;
        a_decode_error_naming(db.project(&"p".into()).await.map(|_| ()), "state");

        db.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_direct_read_decodes_a_project_as_sqlx_does() {
        let (db, dir) = fresh().await;
        // Every column its own value, so two columns swapped would not read alike.
        project_by_hand(&db, |i, c| match c {
            "state" => "'active'".to_string(),
            "paused_reason" => "NULL".to_string(),
            "end_uses" => r#"'["research"]'"#.to_string(),
            "sensitive_content" => r#"'["violence"]'"#.to_string(),
            "eligibility" => "'{}'".to_string(),
            "quality_rules" => "'[]'".to_string(),
            "template" => r#"'{"kind":"free_text"}'"#.to_string(),
            "fee_rule" => "'per_project'".to_string(),
            "restricted" => "0".to_string(),
            "control_rate" => "7".to_string(),
            "overlap_min" => "2".to_string(),
            "overlap_max" => "5".to_string(),
            "overlap_confidence_bp" => "8000".to_string(),
            "title" | "description" | "instructions" | "purpose" | "language"
            | "pseudonym_salt" => format!("'{c}'"),
            _ => format!("{}", 100 + i),
        })
        .await;
        let by_sqlx = db.project(&"p".into()).await.expect("read by sqlx");
        let Db::Sqlite(sqlite) = &db else {
            unreachable!("a data directory opens SQLite")
        };
        let direct = sqlite
            .readers
            .read(|conn| {
                let sql = format!("SELECT {PROJECT_COLUMNS} FROM projects WHERE id = 'p'");
                let mut stmt = conn.prepare(&sql)?;
                let mut rows = stmt.query([])?;
                let row = rows.next()?.expect("the project");
                ProjectRow::from_columns(&mut crate::direct::Columns::new(row))
            })
            .expect("read directly");
        assert_eq!(format!("{direct:?}"), format!("{by_sqlx:?}"));
        assert_eq!(direct.title, "title");
        assert_eq!(direct.overlap_confidence_bp, Some(8000));

        db.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
