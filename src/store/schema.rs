// Shared by both backends, so only portable column types appear here (see docs/ARCHITECTURE.md).
diesel::table! {
    instance_keys (id) {
        id -> Integer,
        public_key -> Text,
        private_key -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    communes (id) {
        id -> Integer,
        slug -> Text,
        name -> Text,
        country -> Text,
        region -> Nullable<Text>,
        population -> Nullable<BigInt>,
        website -> Nullable<Text>,
        languages -> Text,
        description -> Nullable<Text>,
        icon_url -> Nullable<Text>,
        public_key -> Text,
        private_key -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        address -> Nullable<Text>,
        legal_notice -> Nullable<Text>,
        timezone -> Nullable<Text>,
        logo_sha256 -> Nullable<Text>,
        hold_new_commenters -> Bool,
        data_licence -> Text,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Integer,
        commune_id -> Integer,
        token_hash -> Text,
        label -> Nullable<Text>,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    decisions (id) {
        id -> Integer,
        commune_id -> Integer,
        key -> Text,
        reference -> Text,
        kind -> Text,
        title -> Text,
        summary -> Text,
        body_markdown -> Text,
        body_html -> Text,
        session_date -> Date,
        status -> Text,
        votes_yes -> Nullable<Integer>,
        votes_no -> Nullable<Integer>,
        votes_abstain -> Nullable<Integer>,
        votes_absent -> Nullable<Integer>,
        themes -> Text,
        language -> Text,
        published_at -> Timestamp,
        updated_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        search_text -> Text,
        amount -> Nullable<BigInt>,
    }
}

diesel::table! {
    attachments (id) {
        id -> Integer,
        decision_id -> Integer,
        filename -> Text,
        media_type -> Text,
        size -> BigInt,
        sha256 -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    remote_actors (id) {
        id -> Integer,
        ap_id -> Text,
        kind -> Text,
        username -> Text,
        host -> Text,
        name -> Nullable<Text>,
        inbox -> Text,
        shared_inbox -> Nullable<Text>,
        public_key_pem -> Text,
        json -> Text,
        fetched_at -> Timestamp,
    }
}

diesel::table! {
    followers (id) {
        id -> Integer,
        commune_id -> Integer,
        actor_ap_id -> Text,
        inbox -> Text,
        shared_inbox -> Nullable<Text>,
        follow_ap_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    follows (id) {
        id -> Integer,
        commune_id -> Integer,
        target_ap_id -> Text,
        follow_ap_id -> Text,
        accepted -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    blocked_instances (host) {
        host -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    commune_blocks (commune_id, host) {
        commune_id -> Integer,
        host -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    remote_objects (id) {
        id -> Integer,
        ap_id -> Text,
        kind -> Text,
        attributed_to -> Text,
        name -> Nullable<Text>,
        summary -> Nullable<Text>,
        url -> Nullable<Text>,
        reference -> Nullable<Text>,
        decision_kind -> Nullable<Text>,
        session_date -> Nullable<Date>,
        status -> Nullable<Text>,
        votes_yes -> Nullable<Integer>,
        votes_no -> Nullable<Integer>,
        votes_abstain -> Nullable<Integer>,
        votes_absent -> Nullable<Integer>,
        published_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        json -> Text,
        received_at -> Timestamp,
    }
}

diesel::table! {
    shares (id) {
        id -> Integer,
        commune_id -> Integer,
        object_ap_id -> Text,
        announce_ap_id -> Text,
        created_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    activities (id) {
        id -> Integer,
        ap_id -> Text,
        commune_id -> Nullable<Integer>,
        actor_ap_id -> Text,
        kind -> Text,
        object_ap_id -> Nullable<Text>,
        public -> Bool,
        json -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    deliveries (id) {
        id -> Integer,
        activity_id -> Integer,
        inbox -> Text,
        host -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_status -> Nullable<Integer>,
    }
}

diesel::table! {
    delivery_hosts (host) {
        host -> Text,
        failing_since -> Nullable<Timestamp>,
        last_success_at -> Nullable<Timestamp>,
        dead_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    received_activities (ap_id) {
        ap_id -> Text,
        actor_ap_id -> Text,
        received_at -> Timestamp,
    }
}

diesel::table! {
    staff (id) {
        id -> Integer,
        commune_id -> Integer,
        username -> Text,
        password_hash -> Text,
        role -> Text,
        created_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        staff_id -> Integer,
        csrf -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Integer,
        key -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    staff_invitations (id) {
        id -> Integer,
        commune_id -> Integer,
        token_hash -> Text,
        role -> Text,
        invited_by -> Nullable<Integer>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        accepted_by -> Nullable<Integer>,
    }
}

diesel::table! {
    documents_revision (id) {
        id -> Integer,
        revision -> BigInt,
    }
}

diesel::table! {
    comments (id) {
        id -> Integer,
        commune_id -> Integer,
        object_url -> Text,
        ap_id -> Text,
        in_reply_to -> Text,
        author_id -> Nullable<Integer>,
        staff_id -> Nullable<Integer>,
        url -> Nullable<Text>,
        content_html -> Text,
        published_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        state -> Text,
        answered_at -> Nullable<Timestamp>,
        received_at -> Timestamp,
    }
}

diesel::table! {
    moderation_log (id) {
        id -> Integer,
        commune_id -> Integer,
        comment_ap_id -> Text,
        staff_id -> Nullable<Integer>,
        action -> Text,
        reason -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> Integer,
        commune_id -> Integer,
        target -> Text,
        reporter -> Nullable<Text>,
        flag_ap_id -> Nullable<Text>,
        reason -> Text,
        received_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
        resolved_by -> Nullable<Integer>,
    }
}

diesel::table! {
    commune_actor_blocks (commune_id, actor_ap_id) {
        commune_id -> Integer,
        actor_ap_id -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    form_posts (id) {
        id -> Integer,
        key -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    requests (id) {
        id -> Integer,
        commune_id -> Integer,
        year -> Integer,
        number -> Integer,
        reference -> Text,
        kind -> Text,
        channel -> Text,
        subject -> Text,
        body -> Text,
        requester_actor -> Nullable<Text>,
        requester_inbox -> Nullable<Text>,
        requester_name -> Nullable<Text>,
        requester_contact -> Nullable<Text>,
        source_ap_id -> Nullable<Text>,
        source_public -> Bool,
        follow_up_hash -> Nullable<Text>,
        status -> Text,
        received_at -> Timestamp,
        received_on -> Date,
        due_on -> Date,
        extension_reason -> Nullable<Text>,
        transferred_to -> Nullable<Text>,
        refusal_reason -> Nullable<Text>,
        answer_text -> Nullable<Text>,
        answer_ap_id -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        answered_on -> Nullable<Date>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    holidays (country, day) {
        country -> Text,
        day -> Date,
        name -> Text,
    }
}

diesel::joinable!(staff -> communes (commune_id));
diesel::table! {
    consultations (id) {
        id -> Integer,
        commune_id -> Integer,
        key -> Text,
        title -> Text,
        question -> Text,
        description_markdown -> Text,
        description_html -> Text,
        multiple -> Bool,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        channels -> Text,
        results -> Text,
        language -> Text,
        published_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        tally_due_at -> Nullable<Timestamp>,
        tally_sent_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    consultation_options (id) {
        id -> Integer,
        consultation_id -> Integer,
        position -> Integer,
        name -> Text,
    }
}

diesel::table! {
    votes (id) {
        id -> Integer,
        consultation_id -> Integer,
        option_id -> Integer,
        channel -> Text,
        voter -> Text,
        slot -> Integer,
        voter_inbox -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    voting_codes (id) {
        id -> Integer,
        consultation_id -> Integer,
        code_hash -> Text,
        batch -> Integer,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    paper_counts (id) {
        id -> Integer,
        consultation_id -> Integer,
        option_id -> Integer,
        place -> Text,
        votes -> Integer,
        note -> Text,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    paper_count_log (id) {
        id -> Integer,
        consultation_id -> Integer,
        option_id -> Integer,
        place -> Text,
        votes_before -> Nullable<Integer>,
        votes_after -> Integer,
        note -> Text,
        entered_by -> Text,
        entered_at -> Timestamp,
    }
}

diesel::table! {
    code_attempts (id) {
        id -> Integer,
        address -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    budgets (id) {
        id -> Integer,
        commune_id -> Integer,
        year -> Integer,
        published_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    budget_reports (id) {
        id -> Integer,
        budget_id -> Integer,
        situation_on -> Date,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    budget_lines (id) {
        id -> Integer,
        report_id -> Integer,
        position -> Integer,
        document -> Text,
        section -> Text,
        direction -> Text,
        chapter -> Text,
        article -> Text,
        paragraph -> Text,
        label -> Text,
        source -> Text,
        initial -> Nullable<BigInt>,
        modifications -> Nullable<BigInt>,
        final_forecast -> Nullable<BigInt>,
        committed -> Nullable<BigInt>,
        issued -> Nullable<BigInt>,
        settled -> Nullable<BigInt>,
    }
}

diesel::table! {
    commitments (id) {
        id -> Integer,
        commune_id -> Integer,
        key -> Text,
        title -> Text,
        problem -> Text,
        description -> Text,
        lead -> Text,
        partners -> Text,
        starts_on -> Date,
        ends_on -> Date,
        status -> Text,
        published_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    commitment_milestones (id) {
        id -> Integer,
        commitment_id -> Integer,
        title -> Text,
        due_on -> Date,
        done_on -> Nullable<Date>,
        evidence_url -> Nullable<Text>,
    }
}

diesel::table! {
    commitment_notes (id) {
        id -> Integer,
        commitment_id -> Integer,
        written_on -> Date,
        text -> Text,
        author -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> staff (staff_id));
diesel::joinable!(api_tokens -> communes (commune_id));
diesel::joinable!(decisions -> communes (commune_id));
diesel::joinable!(attachments -> decisions (decision_id));
diesel::joinable!(followers -> communes (commune_id));
diesel::joinable!(follows -> communes (commune_id));
diesel::joinable!(deliveries -> activities (activity_id));
diesel::joinable!(consultations -> communes (commune_id));
diesel::joinable!(comments -> communes (commune_id));
diesel::joinable!(requests -> communes (commune_id));
diesel::joinable!(comments -> remote_actors (author_id));
diesel::joinable!(consultation_options -> consultations (consultation_id));
diesel::joinable!(votes -> consultation_options (option_id));
diesel::joinable!(voting_codes -> consultations (consultation_id));
diesel::joinable!(paper_counts -> consultation_options (option_id));
diesel::joinable!(budgets -> communes (commune_id));
diesel::joinable!(commitments -> communes (commune_id));
diesel::joinable!(commitment_milestones -> commitments (commitment_id));
diesel::joinable!(commitment_notes -> commitments (commitment_id));
diesel::joinable!(budget_reports -> budgets (budget_id));
diesel::joinable!(budget_lines -> budget_reports (report_id));

diesel::allow_tables_to_appear_in_same_query!(
    instance_keys,
    communes,
    api_tokens,
    decisions,
    attachments,
    remote_actors,
    followers,
    follows,
    blocked_instances,
    commune_blocks,
    remote_objects,
    comments,
    moderation_log,
    reports,
    requests,
    holidays,
    budgets,
    budget_reports,
    commitments,
    commitment_milestones,
    commitment_notes,
    budget_lines,
    form_posts,
    commune_actor_blocks,
    shares,
    activities,
    deliveries,
    delivery_hosts,
    received_activities,
    staff,
    sessions,
    login_failures,
    staff_invitations,
    consultations,
    consultation_options,
    votes,
    voting_codes,
    paper_counts,
    paper_count_log,
    code_attempts,
);
