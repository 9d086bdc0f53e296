//! A requester organisation's public record (pay per hour, rejections, time to pay,
//! disputes), for anyone choosing work: no account needed, read-only, and no worker
//! appears in it. The figures and their definitions are `handprint_store::record`'s.

use crate::AppState;
use crate::app::AppResult;
use handprint_core::OrganizationId;
use handprint_store::accounts::OrganizationRow;
use handprint_store::record::OrgRecord;

/// An organisation and its record.
pub struct Record {
    pub organization: OrganizationRow,
    pub figures: OrgRecord,
}

/// The public record of organisation `id` (404 when there is none).
pub async fn read(state: &AppState, id: &OrganizationId) -> AppResult<Record> {
    let organization = state.db.organization(id).await?;
    let figures = state.db.org_record(id).await?;
    Ok(Record {
        organization,
        figures,
    })
}
