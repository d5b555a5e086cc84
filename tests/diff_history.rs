//! Real history: consecutive published versions of large specs in `../shared/corpus`, diffed.
//! Each change listed here was checked by hand against both files (the closing note of the
//! diff issue says how): it must stay found, at the same place on each side. One small pair is
//! pinned change for change. Without the corpus the test fails, unless
//! `SPECGUARD_SKIP_SHARED=1` says to skip it (and it then says that it skipped).

use std::path::{Path, PathBuf};

use specguard::diff::{Change, diff};
use specguard::resolve::{LoadOptions, Loader, SpecInput, Workspace};
use specguard::rules::options::IdempotencyOptions;
use specguard::spec::Document;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("INDEX.tsv").is_file() {
        return Some(dir.canonicalize().unwrap());
    }
    if std::env::var("SPECGUARD_SKIP_SHARED").as_deref() == Ok("1") {
        eprintln!(
            "SKIPPED: no corpus at {} (SPECGUARD_SKIP_SHARED=1)",
            dir.display()
        );
        return None;
    }
    panic!(
        "the shared corpus is missing at {}; set SPECGUARD_SKIP_SHARED=1 to skip",
        dir.display()
    );
}

fn load(corpus: &Path, rel: &str) -> Workspace {
    Loader::new(
        LoadOptions {
            root: Some(corpus.to_path_buf()),
            ..Default::default()
        },
        corpus.to_path_buf(),
    )
    .load(&SpecInput::File(PathBuf::from(rel)))
    .unwrap()
}

/// `id level base-pointer head-pointer` of every change (`-` for a side it has not).
fn changes(base: &str, head: &str) -> Option<Vec<String>> {
    let corpus = corpus()?;
    let (bw, hw) = (load(&corpus, base), load(&corpus, head));
    let found: Vec<Change> = diff(
        Document::new(&bw).unwrap(),
        Document::new(&hw).unwrap(),
        &IdempotencyOptions::default(),
    );
    let pointer = |l: &Option<specguard::finding::Location>| {
        l.as_ref().map_or("-".to_string(), |l| l.pointer.clone())
    };
    Some(
        found
            .iter()
            .map(|c| {
                format!(
                    "{} {} {} {}",
                    c.id,
                    c.level.as_str(),
                    pointer(&c.base),
                    pointer(&c.head)
                )
            })
            .collect(),
    )
}

fn assert_has(found: &[String], verified: &[&str]) {
    let missing: Vec<&&str> = verified
        .iter()
        .filter(|v| !found.iter().any(|f| f == *v))
        .collect();
    assert!(missing.is_empty(), "not found any more: {missing:#?}");
}

#[test]
fn github_2020_07_30_to_2020_09_10_change_for_change() {
    let Some(found) = changes(
        "github/2020-07-30/api.github.com.json",
        "github/2020-09-10/api.github.com.json",
    ) else {
        return;
    };
    // Also checked: `event.payload.pages` had `required: [action]` written on an array
    // (constraining nothing) and head moved it to `payload`: only the latter is a change.
    assert_eq!(
        found,
        [
            "response-property-added info - /components/schemas/scim-user/properties/name/properties/formatted",
            "response-property-added info - /components/schemas/scim-user/properties/displayName",
            "request-property-added info - /paths/~1scim~1v2~1organizations~1{org}~1Users~1{scim_user_id}/put/requestBody/content/application~1json/schema/properties/name/properties/formatted",
            "request-property-added info - /paths/~1scim~1v2~1organizations~1{org}~1Users/post/requestBody/content/application~1json/schema/properties/name/properties/formatted",
            "response-property-became-required info /components/schemas/event/properties/payload /components/schemas/event/properties/payload/properties/action",
            // The `{nullable: true}` alternative (which accepted anything) of `public` is gone.
            "request-variant-removed error /paths/~1gists/post/requestBody/content/application~1json/schema/properties/public/oneOf/2 /paths/~1gists/post/requestBody/content/application~1json/schema/properties/public",
        ]
    );
}

#[test]
fn github_2020_07_14_to_2020_07_30() {
    let Some(found) = changes(
        "github/2020-07-14/api.github.com.json",
        "github/2020-07-30/api.github.com.json",
    ) else {
        return;
    };
    assert_has(
        &found,
        &[
            // `last_read_at: {type: string}` gained `nullable: true`.
            "response-nullable-added error /components/schemas/thread/properties/last_read_at/type /components/schemas/thread/properties/last_read_at/nullable",
            // `client_id` gained `maxLength: 20`.
            "request-bound-narrowed error /paths/~1authorizations/post/requestBody/content/application~1json/schema/properties/client_id /paths/~1authorizations/post/requestBody/content/application~1json/schema/properties/client_id/maxLength",
            // `access_token` became required in the request body.
            "request-property-became-required error /paths/~1applications~1{client_id}~1token/post/requestBody/content/application~1json/schema /paths/~1applications~1{client_id}~1token/post/requestBody/content/application~1json/schema/properties/access_token",
            // teams/list-id-p-groups-for-org became teams/list-idp-groups-for-org.
            "operation-id-changed error /paths/~1orgs~1{org}~1team-sync~1groups/get/operationId /paths/~1orgs~1{org}~1team-sync~1groups/get/operationId",
            // application/json became application/vnd.github.v3.repository+json.
            "response-media-type-removed error /paths/~1orgs~1{org}~1teams~1{team_slug}~1repos~1{owner}~1{repo}/get/responses/200/content/application~1json -",
            // The repository archive download operation is gone.
            "operation-removed error /paths/~1repos~1{owner}~1{repo}~1{archive_format}~1{ref}/get -",
            // `base-gist.user` was a nullable string and is now a nullable object.
            "response-type-changed error /components/schemas/base-gist/properties/user/type /components/schemas/base-gist/properties/user",
        ],
    );
}

#[test]
fn kubernetes_2018_08_13_to_2018_10_15() {
    let Some(found) = changes(
        "kubernetes-swagger2/2018-08-13/swagger.json",
        "kubernetes-swagger2/2018-10-15/swagger.json",
    ) else {
        return;
    };
    assert_has(
        &found,
        &[
            // CustomResourceDefinition gained `required: [spec]`.
            "request-property-became-required error /definitions/v1beta1.CustomResourceDefinition /definitions/v1beta1.CustomResourceDefinition/properties/spec",
            // The rollback endpoints now answer v1.Status instead of DeploymentRollback.
            "response-property-may-be-absent error /definitions/apps.v1beta1.DeploymentRollback/properties/name /definitions/v1.Status",
        ],
    );
}

#[test]
fn stripe_2023_08_09_to_2023_09_12() {
    let Some(found) = changes(
        "stripe/2023-08-09/spec3.yaml",
        "stripe/2023-09-12/spec3.yaml",
    ) else {
        return;
    };
    assert_has(
        &found,
        &[
            // `invoiceitem.updated` can no longer be subscribed to.
            "request-enum-value-removed error /paths/~1v1~1webhook_endpoints/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/enabled_events/items/enum /paths/~1v1~1webhook_endpoints/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/enabled_events/items/enum",
            // Two new company structures may be returned.
            "response-enum-value-added error /components/schemas/legal_entity_company/properties/structure/enum /components/schemas/legal_entity_company/properties/structure/enum",
        ],
    );
}

#[test]
fn openai_2026_05_13_to_2026_08_21() {
    let Some(found) = changes(
        "openai/2026-05-13/openapi.yaml",
        "openai/2026-08-21/openapi.yaml",
    ) else {
        return;
    };
    assert_has(
        &found,
        &[
            // The form-encoded body of POST /responses/input_tokens is gone.
            "request-media-type-removed error /paths/~1responses~1input_tokens/post/requestBody/content/application~1x-www-form-urlencoded -",
            // `call_id` left `required` of FunctionToolCallOutput.
            "response-property-may-be-absent error /components/schemas/FunctionToolCallOutput/properties/call_id /components/schemas/FunctionToolCallOutput/properties/call_id",
            // MCPToolCall.error: the string alternative was replaced by an object.
            "request-variant-removed error /components/schemas/MCPToolCall/properties/error/anyOf/0 /components/schemas/MCPToolCall/properties/error",
        ],
    );
}

/// The diff splits the operations over threads; what it reports must not depend on how many
/// (messages, levels, locations and the order of operations a shared change names).
#[test]
fn the_same_changes_on_any_number_of_threads() {
    let Some(corpus) = corpus() else {
        return;
    };
    for (base, head) in [
        (
            "github/2020-07-14/api.github.com.json",
            "github/2020-07-30/api.github.com.json",
        ),
        (
            "kubernetes-swagger2/2018-08-13/swagger.json",
            "kubernetes-swagger2/2018-10-15/swagger.json",
        ),
        (
            "stripe/2023-08-09/spec3.yaml",
            "stripe/2023-09-12/spec3.yaml",
        ),
        (
            "openai/2026-05-13/openapi.yaml",
            "openai/2026-08-21/openapi.yaml",
        ),
    ] {
        let (bw, hw) = (load(&corpus, base), load(&corpus, head));
        let run = |threads| {
            specguard::diff::diff_on_threads(
                Document::new(&bw).unwrap(),
                Document::new(&hw).unwrap(),
                &Default::default(),
                threads,
            )
        };
        let one = run(1);
        assert!(!one.is_empty(), "{base}");
        for threads in [2, 5] {
            assert!(
                run(threads) == one,
                "{base} -> {head} differs on {threads} threads"
            );
        }
    }
}
