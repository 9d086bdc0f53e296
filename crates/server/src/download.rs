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

/// An export's zip, streamed from its open file (bounded memory), with the kept
/// handprint's id in `Handprint-Id`.
impl IntoResponse for crate::app::exports::Download {
    fn into_response(self) -> Response {
        let mut response = (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", self.file_name),
                ),
                (header::CONTENT_LENGTH, self.bytes.to_string()),
            ],
            axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(self.file)),
        )
            .into_response();
        if let Some(id) = self.handprint
            && let Ok(value) = id.to_string().parse()
        {
            response.headers_mut().insert("handprint-id", value);
        }
        response
    }
}
