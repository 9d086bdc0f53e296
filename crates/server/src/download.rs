//! The HTTP form of the files use cases hand out ([`crate::app::Download`]): the JSON
//! API and the pages serve them with the same headers, so a statement downloaded from
//! a page is byte for byte the API's.

use crate::app::Download;
use axum::http::header;
use axum::response::{IntoResponse, Response};

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        (
            [
                (header::CONTENT_TYPE, self.content_type.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", self.filename),
                ),
            ],
            self.body,
        )
            .into_response()
    }
}
