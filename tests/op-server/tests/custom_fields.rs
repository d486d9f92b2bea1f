//! Custom fields of every kind: described by the schema, shown on work packages, written as
//! OpenProject takes them, and refused with 422 at the field when a value does not fit.

mod common;

use common::{error_id, get, patch, post, server};
use serde_json::json;

#[tokio::test]
async fn the_schema_describes_each_kind_with_its_allowed_values() {
    let app = server();
    let schema = get(&app, "/api/v3/work_packages/schemas/1-1").await.json;
    let types: Vec<(&str, &str)> = (1..=10)
        .map(|n| {
            let spec = &schema[format!("customField{n}")];
            (
                spec["name"].as_str().unwrap(),
                spec["type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        types,
        [
            ("Cost centre", "String"),
            ("Notes for the editors", "Formattable"),
            ("Story points", "Integer"),
            ("Budget (k€)", "Float"),
            ("Accessibility checked", "Boolean"),
            ("Go-live", "Date"),
            ("Office", "CustomOption"),
            ("Reviewer", "User"),
            ("Planned for", "Version"),
            ("Districts", "[]CustomOption"),
        ]
    );
    // Story points are required for features only.
    assert_eq!(schema["customField3"]["required"], false);
    let feature = get(&app, "/api/v3/work_packages/schemas/1-2").await.json;
    assert_eq!(feature["customField3"]["required"], true);
    assert_eq!(schema["customField7"]["location"], "_links");
    assert_eq!(
        schema["customField7"]["_links"]["allowedValues"][1],
        json!({"href": "/api/v3/custom_options/12", "title": "Citizens' office Mitte"})
    );
    let office = get(&app, "/api/v3/work_packages/schemas/2-1").await.json;
    assert!(office.get("customField7").is_none());
}

#[tokio::test]
async fn values_of_every_kind_are_written_and_shown() {
    let app = server();
    let wp = get(&app, "/api/v3/work_packages/1").await.json;
    assert_eq!(wp["customField3"], 8);
    assert_eq!(
        wp["_links"]["customField7"]["title"],
        "Citizens' office Mitte"
    );
    assert_eq!(wp["_links"]["customField10"], json!([]));
    let reply = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({
            "lockVersion": wp["lockVersion"],
            "customField2": {"raw": "- one\n- two"},
            "customField3": 13,
            "customField4": 2.5,
            "customField5": true,
            "customField6": "2026-12-01",
            "_links": {
                "customField7": {"href": "/api/v3/custom_options/13"},
                "customField8": {"href": "/api/v3/users/2"},
                "customField9": {"href": null},
                "customField10": [
                    {"href": "/api/v3/custom_options/21"},
                    {"href": "/api/v3/custom_options/23"}
                ]
            }
        }),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    let saved = get(&app, "/api/v3/work_packages/1").await.json;
    assert_eq!(saved["customField2"]["raw"], "- one\n- two");
    assert_eq!(saved["customField3"], 13);
    assert_eq!(saved["customField4"], 2.5);
    assert_eq!(saved["customField5"], true);
    assert_eq!(saved["customField6"], "2026-12-01");
    assert_eq!(
        saved["_links"]["customField7"]["href"],
        "/api/v3/custom_options/13"
    );
    assert_eq!(saved["_links"]["customField8"]["href"], "/api/v3/users/2");
    assert_eq!(saved["_links"]["customField9"]["href"], json!(null));
    let districts: Vec<&str> = saved["_links"]["customField10"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["title"].as_str().unwrap())
        .collect();
    assert_eq!(districts, ["Mitte", "Süd"]);
}

#[tokio::test]
async fn a_value_that_does_not_fit_gets_422_at_its_field_and_changes_nothing() {
    let app = server();
    let before = get(&app, "/api/v3/work_packages/1").await.json;
    let cases = [
        (json!({"customField3": "many"}), "customField3"),
        (json!({"customField4": "lots"}), "customField4"),
        (json!({"customField6": "1.12.2026"}), "customField6"),
        (
            json!({"_links": {"customField7": {"href": "/api/v3/custom_options/21"}}}),
            "customField7",
        ),
        (
            json!({"_links": {"customField8": {"href": "/api/v3/users/99"}}}),
            "customField8",
        ),
    ];
    for (mut body, attribute) in cases {
        body["lockVersion"] = before["lockVersion"].clone();
        let reply = patch(&app, "/api/v3/work_packages/1", body.clone()).await;
        assert_eq!(reply.status, 422, "{body}");
        assert_eq!(error_id(&reply), "PropertyConstraintViolation", "{body}");
        assert_eq!(
            reply.json["_embedded"]["details"]["attribute"], attribute,
            "{body}"
        );
    }
    assert_eq!(get(&app, "/api/v3/work_packages/1").await.json, before);
}

#[tokio::test]
async fn a_feature_needs_its_story_points_to_be_created_and_kept() {
    let app = server();
    let feature = |extra: serde_json::Value| {
        let mut body = json!({
            "subject": "Parking permits",
            "_links": { "type": { "href": "/api/v3/types/2" } }
        });
        if let Some(extra) = extra.as_object() {
            for (k, v) in extra {
                body[k] = v.clone();
            }
        }
        body
    };
    let refused = post(&app, "/api/v3/projects/1/work_packages", feature(json!({}))).await;
    assert_eq!(refused.status, 422);
    assert_eq!(
        refused.json["_embedded"]["details"]["attribute"],
        "customField3"
    );
    assert_eq!(refused.json["message"], "Story points can't be blank.");
    let form = post(
        &app,
        "/api/v3/projects/1/work_packages/form",
        feature(json!({})),
    )
    .await;
    assert_eq!(form.status, 200);
    assert!(form.json["_embedded"]["validationErrors"]["customField3"].is_object());
    assert_eq!(
        form.json["_embedded"]["schema"]["customField3"]["required"],
        true
    );

    let created = post(
        &app,
        "/api/v3/projects/1/work_packages",
        feature(json!({"customField3": 5})),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.json);
    assert_eq!(created.json["customField3"], 5);
    // A task needs none.
    let task = post(
        &app,
        "/api/v3/projects/1/work_packages",
        json!({"subject": "Quick", "_links": { "type": { "href": "/api/v3/types/1" } }}),
    )
    .await;
    assert_eq!(task.status, 200);
    // Nor can a feature's be cleared.
    let id = created.json["id"].as_u64().unwrap();
    let cleared = patch(
        &app,
        &format!("/api/v3/work_packages/{id}"),
        json!({"lockVersion": created.json["lockVersion"], "customField3": null}),
    )
    .await;
    assert_eq!(cleared.status, 422);
}

#[tokio::test]
async fn a_change_is_journalled_under_the_field_name() {
    let app = server();
    let before = get(&app, "/api/v3/work_packages/1").await.json;
    let reply = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({
            "lockVersion": before["lockVersion"],
            "customField3": 13,
            "_links": { "customField7": { "href": "/api/v3/custom_options/13" } }
        }),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    let activities = get(&app, "/api/v3/work_packages/1/activities").await.json;
    let details: Vec<String> = activities["_embedded"]["elements"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["details"].as_array().cloned().unwrap_or_default())
        .filter_map(|d| d["raw"].as_str().map(str::to_owned))
        .collect();
    assert!(
        details.contains(&"Story points changed from 8 to 13".to_owned()),
        "{details:?}"
    );
    assert!(
        details.contains(
            &"Office changed from Citizens' office Mitte to Citizens' office Nord".to_owned()
        ),
        "{details:?}"
    );
}
