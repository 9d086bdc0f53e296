//! Workers' reviews of requester organisations (issue 16): a worker who submitted
//! at least one answer to a project rates its organisation (1 to 5, with a text),
//! once per project — writing again changes the review. The organisation may answer
//! each review publicly. Reviews are public and anonymous: no worker id or
//! pseudonym is ever shown, only a name the worker chose to sign with, if any.

use crate::AppState;
use crate::app::{AppError, AppResult};
use crate::auth::Caller;
use handprint_core::account::Role;
use handprint_core::review::parse_note;
use handprint_core::template::FieldProblem;
use handprint_core::{Msg, OrganizationId, ProjectId};
use handprint_store::StoreError;
use handprint_store::reviews::{NewReview, ReviewRow};
use serde::Deserialize;

/// The longest name a worker may sign a review with.
pub const MAX_SIGNATURE_CHARS: usize = 60;

// A worker's review of a requester organisation about one of its projects. Problems
// name `/project_id`, `/rating`, `/text` and `/signed_as` (the page's fields alike).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequesterReviewRequest {
    /// A project of this organisation you submitted at least one answer to.
    #[schema(value_type = String)]
    pub project_id: ProjectId,
    /// 1 (worst) to 5 (best).
    pub rating: i64,
    /// What it was like to work for them.
    pub text: String,
    /// A name to sign with, shown beside the review; absent or empty: anonymous.
    #[serde(default)]
    pub signed_as: Option<String>,
}

// The organisation's public answer to a review.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewAnswerRequest {
    pub text: String,
}

/// An organisation's reviews with how many gave each rating.
pub struct Reviews {
    pub reviews: Vec<ReviewRow>,
    /// Reviews rating 1, 2, 3, 4 and 5.
    pub distribution: [i64; 5],
}

impl Reviews {
    pub fn count(&self) -> i64 {
        self.distribution.iter().sum()
    }

    /// The mean rating with one decimal, rounded half up ("4.5"); None without reviews.
    pub fn average(&self) -> Option<String> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let total: i64 = (1..=5).zip(self.distribution).map(|(r, c)| r * c).sum();
        let tenths = (total * 20 + n) / (2 * n);
        Some(format!("{}.{}", tenths / 10, tenths % 10))
    }
}

/// Write (201, `true`) or change (200, `false`) the caller's review of organisation
/// `org` about `req.project_id`. Only a worker who submitted an answer to that
/// project may (403 otherwise, saying so).
pub async fn put(
    state: &AppState,
    caller: &Caller,
    org: &OrganizationId,
    req: &RequesterReviewRequest,
) -> AppResult<(ReviewRow, bool)> {
    caller.require(Role::Worker)?;
    state.db.organization(org).await?;
    let project = match state.db.project(&req.project_id).await {
        Ok(p) if p.organization_id == *org => p,
        Ok(_) | Err(StoreError::NotFound(_)) => {
            return Err(AppError::field(
                "/project_id",
                Msg::coded(
                    "problem-review-project",
                    vec![("value", req.project_id.to_string())],
                ),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if !state.db.worked_on_project(caller.id(), &project.id).await? {
        return Err(AppError::Forbidden(Msg::coded(
            "err-review-not-worked",
            vec![("project", project.title.clone())],
        )));
    }
    let mut problems = Vec::new();
    if !(1..=5).contains(&req.rating) {
        problems.push(FieldProblem::coded(
            "/rating",
            "problem-review-rating",
            vec![("value", req.rating.to_string())],
        ));
    }
    let text = parse_note(&req.text)
        .map_err(|m| problems.push(FieldProblem::from_msg("/text", m)))
        .ok();
    let signed_as = req
        .signed_as
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if signed_as.is_some_and(|s| s.chars().count() > MAX_SIGNATURE_CHARS) {
        problems.push(FieldProblem::coded(
            "/signed_as",
            "problem-review-signature",
            vec![("max", MAX_SIGNATURE_CHARS.to_string())],
        ));
    }
    let Some(text) = text.filter(|_| problems.is_empty()) else {
        return Err(AppError::invalid(
            Msg::coded("err-review-invalid", Vec::new()),
            problems,
        ));
    };
    Ok(state
        .db
        .put_review(
            NewReview {
                organization_id: org,
                project_id: &project.id,
                worker_id: caller.id(),
                rating: req.rating,
                body: &text,
                signed_as,
            },
            state.now(),
        )
        .await?)
}

/// An organisation's reviews (404 for an unknown organisation), readable by anyone.
pub async fn list(state: &AppState, org: &OrganizationId) -> AppResult<Reviews> {
    state.db.organization(org).await?;
    let reviews = state.db.organization_reviews(org).await?;
    let mut distribution = [0; 5];
    for r in &reviews {
        if let Some(slot) = usize::try_from(r.rating - 1)
            .ok()
            .and_then(|i| distribution.get_mut(i))
        {
            *slot += 1;
        }
    }
    Ok(Reviews {
        reviews,
        distribution,
    })
}

/// The organisation answers review `id` publicly (a second answer replaces the first):
/// only a requester of that organisation.
pub async fn answer(
    state: &AppState,
    caller: &Caller,
    org: &OrganizationId,
    id: &str,
    req: &ReviewAnswerRequest,
) -> AppResult<ReviewRow> {
    caller.require(Role::Requester)?;
    let review = state.db.review(id).await?;
    if review.organization_id != *org || caller.organization()? != org {
        return Err(AppError::not_found("review"));
    }
    let text = parse_note(&req.text).map_err(|m| AppError::field("/text", m))?;
    Ok(state
        .db
        .answer_review(id, caller.id(), &text, state.now())
        .await?)
}

#[cfg(test)]
mod tests {
    use super::Reviews;

    #[test]
    fn the_average_rating_has_one_decimal_rounded_half_up() {
        let r = |distribution| Reviews {
            reviews: Vec::new(),
            distribution,
        };
        assert_eq!(r([0, 0, 0, 0, 0]).average(), None);
        assert_eq!(r([0, 0, 0, 1, 1]).average().as_deref(), Some("4.5"));
        assert_eq!(r([1, 0, 0, 0, 2]).average().as_deref(), Some("3.7"));
        assert_eq!(r([0, 0, 1, 0, 0]).average().as_deref(), Some("3.0"));
    }
}
