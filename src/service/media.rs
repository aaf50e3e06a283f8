//! Files served under `/media/{sha256}`: decision attachments and commune logos.

use super::{App, ServiceResult};
use sha2::Digest;

/// Writes a file under its SHA-256 and returns the hash. The file is written (atomically)
/// before the row that points to it: a crash between the two leaves an unreferenced file,
/// never a row without its file.
pub async fn store(app: &App, bytes: &[u8]) -> ServiceResult<String> {
    let sha256 = hex::encode(sha2::Sha256::digest(bytes));
    tokio::fs::create_dir_all(&app.config.media_dir).await?;
    let path = app.config.media_dir.join(&sha256);
    if tokio::fs::metadata(&path).await.is_err() {
        let tmp = app
            .config
            .media_dir
            .join(format!("{sha256}.{}.tmp", uuid::Uuid::new_v4()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
    }
    Ok(sha256)
}
