//! One fresh database per node: a SQLite file, or a new PostgreSQL database when
//! PALABRE_TEST_DATABASE_URL names a server. Shared by tests/ and federation-tests/.

/// A fresh database URL for one node.
pub fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("PALABRE_TEST_DATABASE_URL") {
        Ok(admin) if admin.starts_with("postgres") => {
            use diesel::{Connection, RunQueryDsl};
            let name = format!("palabre_t_{}", uuid::Uuid::new_v4().simple());
            let mut conn = diesel::PgConnection::establish(&admin).expect("connect to PostgreSQL");
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .expect("create test database");
            let mut url = url::Url::parse(&admin).expect("database URL");
            url.set_path(&format!("/{name}"));
            url.to_string()
        }
        _ => format!("sqlite://{}", dir.join("palabre.db").display()),
    }
}
