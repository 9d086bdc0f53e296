//! The OpenAPI document, generated from the handlers' annotations.

use crate::api::{
    accounts, alerts, decisions, disputes, exports, forum, handprints, labels, media,
    media_sources, messages, money, my_data, operator, password_reset, projects,
    qualification_tests, qualifications, quality, record, results, review, reviews, settings,
    tasks, trust, views, work, worker_lists, worktime,
};
use axum::response::IntoResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Handprint API", description = "A fair micro-task platform: projects, tasks, leases, answers. Errors are RFC 9457 problem+json."),
    paths(
        accounts::signup, accounts::me, accounts::update_me, accounts::create_key, accounts::list_keys, accounts::revoke_key,
        accounts::change_password, accounts::end_sessions,
        password_reset::request_reset, password_reset::reset_password,
        projects::create, projects::list, projects::read, projects::update,
        projects::publish, projects::pause, projects::resume, projects::complete, projects::cancel,
        projects::eligibility, quality::workers,
        qualifications::create, qualifications::list, qualifications::read, qualifications::update,
        qualifications::grant, qualifications::revoke, qualifications::mine,
        decisions::mine, decisions::list, decisions::review, decisions::resolve,
        qualification_tests::add_items, qualification_tests::available,
        worker_lists::list, worker_lists::set, worker_lists::remove,
        tasks::import,
        media::upload, media::list,
        media_sources::register, media_sources::list, media_sources::remove,
        work::next, work::submit, work::give_back, work::mine, work::read,
        results::progress, results::answers, labels::labels,
        money::balance, money::statement, money::request_payout, money::my_payouts,
        review::read_review, review::approve, review::reject, review::bonus, review::bulk, review::submissions, review::notices,
        disputes::open, disputes::list, disputes::read, disputes::reverse, disputes::decide,
        operator::deposit, operator::payouts, operator::mark_paid, operator::mark_failed, operator::ledger,
        operator::organizations,
        trust::verify, trust::revoke, trust::reports, trust::decide_report, trust::take_down, trust::my_takedowns,
        trust::suspend, trust::suspensions, trust::decide_appeal, trust::trust_log, trust::own_suspension, trust::appeal, trust::report_task,
        my_data::export,
        record::read,
        worktime::mine, worktime::of_org,
        reviews::put, reviews::list, reviews::answer,
        messages::send, messages::list,
        alerts::notifications, alerts::read_one, alerts::read_all, alerts::new_feed, alerts::revoke_feed,
        forum::categories, forum::create_category, forum::category, forum::create_thread,
        forum::thread, forum::reply, forum::search, forum::moderate_post, forum::moderate_thread,
        forum::moderation_log,
        handprints::keys, handprints::verify, handprints::list, handprints::read, handprints::update,
        exports::export,
        settings::read, settings::replace,
    ),
    components(schemas(
        crate::error::Problem, crate::error::ProblemField, views::ProjectView, views::OverlapView, projects::ProjectRequest,
        accounts::SignupRequest, accounts::AccountView, accounts::OrganizationView, accounts::NewKeyRequest,
        accounts::NewKeyView, accounts::KeyView, accounts::PasswordChange, accounts::SessionsEnded,
        password_reset::ResetRequest, password_reset::NewPassword, password_reset::ResetRequested, tasks::ImportReport, tasks::RowErrorView,
        media::UploadView, media::MediaList, crate::app::media::MediaFile, crate::app::media::FileError, crate::app::media::UploadReport, crate::app::media::MediaLink,
        media_sources::SourceList, crate::app::media_sources::NewSource, crate::app::media_sources::SourceView,
        work::NextRequest, work::LeaseView, work::TaskView, work::LeaseProjectView, work::SubmitRequest,
        work::AssignmentView, results::ProgressView, results::AnswerRecord, results::ReviewRecord, labels::LabelRecord, labels::LabelsView, crate::app::results::RankedOption,
        money::BalanceView, money::WorkerBalanceView, money::OrgBalanceView, money::PlatformAccountView,
        money::StatementView, money::StatementLineView, money::PayoutRequest, money::PayoutView,
        review::ReviewView, review::RejectRequest, review::BonusRequest, review::BonusView, review::BulkReviewRequest,
        review::BulkRejection, review::BulkResult, review::BulkReviewView, review::SubmissionView, review::NoticeView,
        disputes::DisputeRequest, disputes::DisputeView, disputes::ReverseRequest, disputes::DecideRequest,
        operator::DepositRequest, operator::DepositView, operator::PaidRequest, operator::FailedRequest,
        operator::LedgerCheckView, operator::OperatorOrganizationView,
        my_data::MyDataView, my_data::TaskReportView, my_data::ExportAssignmentView, my_data::DisputeExportView,
        my_data::DisputeMessageView, my_data::ListedView,
        record::RecordView, crate::app::record::VerificationView,
        trust::VerifyRequest, trust::ReasonRequest, trust::DecideRequest, trust::AppealRequest, trust::ReportView,
        trust::TakedownView, trust::SuspensionView, trust::TrustLogView, trust::ReportRequest,
        crate::app::worktime::WorktimeView,
        reviews::RequesterReviewView, reviews::RequesterReviewsView, reviews::RatingDistribution,
        reviews::RequesterReviewRequest, reviews::ReviewAnswerRequest,
        messages::MessageRequest, messages::MessageView, messages::ThreadView, messages::SentView,
        alerts::NotificationView, alerts::NotificationsView, alerts::UnreadView, alerts::FeedUrlView,
        forum::CategoryRequest, forum::ThreadRequest, forum::PostRequest, forum::ModerationRequest,
        forum::ForumCategoryView, forum::ForumThreadView, forum::ForumPostView,
        forum::ForumCategoryPageView, forum::ForumThreadPageView, forum::ForumSearchView,
        forum::ForumModerationView, forum::ForumModerationLogView, forum::ForumCreatedView,
        handprints::KeysView, handprints::KeyView, handprints::VerifyView, handprints::SubjectView,
        handprints::HandprintView, handprints::HandprintUpdate, exports::ExportRequest,
        projects::EligibilityView, projects::ReasonView, quality::WorkerQualityView,
        quality::ControlsView, quality::SkillView, quality::RestrictionView, crate::app::eligibility::LanguagesInput,
        crate::app::settings::SettingsInput, crate::app::settings::WorkerSettings,
        qualifications::QualificationView, qualifications::PerformanceView, qualifications::HeldView, qualifications::QualificationEventView,
        qualifications::MyQualificationsView, crate::app::qualifications::QualificationInput,
        crate::app::qualifications::GrantInput, crate::app::qualifications::RevokeInput,
        decisions::DecisionView, decisions::DecisionsView, decisions::CountsView,
        crate::app::decisions::ReviewInput, crate::app::decisions::ResolveInput,
        qualification_tests::TestTermsView, qualification_tests::ItemsAddedView,
        qualification_tests::AvailableTestView, qualification_tests::TestLeaseView,
        qualification_tests::TestOfLeaseView, qualification_tests::TestAnswerView,
        qualification_tests::TestResultView,
        worker_lists::ListedView, crate::app::worker_lists::ListInput, crate::app::worker_lists::UnlistInput,
    )),
    modifiers(&Security, &Templates)
)]
pub struct ApiDoc;

/// Template definitions, described kind by kind (see `template_schema`), in place
/// of the bare object the project schemas would otherwise show.
struct Templates;

impl Modify for Templates {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut doc = match serde_json::to_value(&*openapi) {
            Ok(doc) => doc,
            Err(e) => return tracing::error!("the OpenAPI document does not serialise: {e}"),
        };
        let schemas = &mut doc["components"]["schemas"];
        for (name, schema) in crate::template_schema::schemas() {
            schemas[name] = schema;
        }
        let reference = crate::template_schema::reference();
        schemas["ProjectRequest"]["properties"]["template"] = reference.clone();
        schemas["ProjectView"]["properties"]["template"] =
            serde_json::json!({"oneOf": [reference, {"type": "null"}]});
        match serde_json::from_value(doc) {
            Ok(patched) => *openapi = patched,
            Err(e) => tracing::error!("the template schemas do not fit the OpenAPI document: {e}"),
        }
    }
}

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("hp_…")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "basic",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Basic).build()),
        );
    }
}

pub async fn serve() -> impl IntoResponse {
    axum::Json(ApiDoc::openapi())
}
