//! `OrderedCollection`s served in pages (`?page=N`, from 1), as Mastodon walks them: the
//! collection names its `first` page, each page its `next` and `prev`.

use serde_json::{json, Value};

/// A page of the collection `id`: `items` are the `page`-th `size` of `total`.
pub fn page(id: &str, page: i64, size: i64, total: i64, items: Vec<Value>) -> Value {
    let mut doc = json!({
        "id": format!("{id}?page={page}"),
        "type": "OrderedCollectionPage",
        "partOf": id,
        "totalItems": total,
        "orderedItems": items,
    });
    if page * size < total {
        doc["next"] = json!(format!("{id}?page={}", page + 1));
    }
    if page > 1 {
        doc["prev"] = json!(format!("{id}?page={}", page - 1));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_to_their_neighbours_only_when_they_exist() {
        let first = page("https://n.example/c", 1, 2, 3, vec![json!("a"), json!("b")]);
        assert_eq!(first["next"], "https://n.example/c?page=2");
        assert!(first.get("prev").is_none());
        let last = page("https://n.example/c", 2, 2, 3, vec![json!("c")]);
        assert!(last.get("next").is_none());
        assert_eq!(last["prev"], "https://n.example/c?page=1");
        assert_eq!(last["partOf"], "https://n.example/c");
    }
}
