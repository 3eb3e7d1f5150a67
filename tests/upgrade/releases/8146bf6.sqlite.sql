-- Latchkey 8146bf6 (the last release before migrations): the schema generate_schemas made on SQLite.
-- Made by: git archive 8146bf6, Tortoise.init(tortoise_config(url)) + generate_schemas(), sqlite3 .schema --nosys
CREATE TABLE IF NOT EXISTS "rate_counters" (
    "key" VARCHAR(200) NOT NULL PRIMARY KEY,
    "window_start" BIGINT NOT NULL,
    "hits" INT NOT NULL
);
CREATE TABLE IF NOT EXISTS "used_captchas" (
    "key" VARCHAR(64) NOT NULL PRIMARY KEY,
    "expires_at" TIMESTAMP NOT NULL
);
CREATE INDEX "idx_used_captch_expires_51d8e9" ON "used_captchas" ("expires_at");
CREATE TABLE IF NOT EXISTS "users" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "email" VARCHAR(254) NOT NULL UNIQUE,
    "display_name" VARCHAR(100) NOT NULL,
    "role" VARCHAR(10) NOT NULL /* OWNER: owner\nADMIN: admin\nMEMBER: member */,
    "invite_token_hash" VARCHAR(64) UNIQUE,
    "invite_expires_at" TIMESTAMP,
    "last_signed_in_at" TIMESTAMP,
    "password_hash" VARCHAR(255) NOT NULL,
    "security_question" VARCHAR(200) NOT NULL,
    "security_answer_hash" VARCHAR(255) NOT NULL,
    "email_factor_enabled" INT NOT NULL,
    "app_enrollment_pending" INT NOT NULL,
    "totp_secret_encrypted" VARCHAR(255),
    "totp_last_step" BIGINT,
    "recovery_code_hash" VARCHAR(64),
    "passkeys_enabled" INT NOT NULL,
    "passkey_challenge" VARCHAR(128),
    "passkey_challenge_expires_at" TIMESTAMP,
    "security_question_reset" INT NOT NULL,
    "email_verified_at" TIMESTAMP,
    "is_active" INT NOT NULL,
    "is_support" INT NOT NULL,
    "failed_logins" INT NOT NULL,
    "locked_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "account_owner_id" INT REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "passkeys" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "credential_id" VARCHAR(1400) NOT NULL UNIQUE,
    "public_key" TEXT NOT NULL,
    "sign_count" BIGINT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "last_used_at" TIMESTAMP,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "security_events" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(40) NOT NULL /* SIGNED_IN: signed_in\nSIGN_IN_FAILED: sign_in_failed\nCODE_FAILED: code_failed\nRECOVERY_CODE_USED: recovery_code_used\nFACTOR_ENABLED: factor_enabled\nFACTOR_DISABLED: factor_disabled\nDEVICE_REMEMBERED: device_remembered\nDEVICE_FORGOTTEN: device_forgotten\nSESSION_ENDED: session_ended\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nSECURITY_QUESTION_CHANGED: security_question_changed\nACCOUNT_LOCKED: account_locked\nACCOUNT_SECURED: account_secured\nACCOUNT_DEACTIVATED: account_deactivated\nACCOUNT_REACTIVATED: account_reactivated\nMEMBER_APP_RESET: member_app_reset */,
    "detail" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "user_agent" VARCHAR(300) NOT NULL,
    "client_ip" VARCHAR(64) NOT NULL,
    "reported_at" TIMESTAMP,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX "idx_security_ev_created_6e5dc4" ON "security_events" ("created_at");
CREATE INDEX "idx_security_ev_user_id_33033d" ON "security_events" ("user_id", "id");
CREATE TABLE IF NOT EXISTS "sessions" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL,
    "last_seen_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "second_factor_at" TIMESTAMP NOT NULL,
    "user_agent" VARCHAR(300) NOT NULL,
    "client_ip" VARCHAR(64) NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "login_attempts" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "email" VARCHAR(254) NOT NULL,
    "state" VARCHAR(20) NOT NULL /* SECOND_FACTOR: second_factor\nENROLL_APP: enroll_app\nACK_RECOVERY_CODE: ack_recovery_code\nDONE: done */,
    "method" VARCHAR(20) NOT NULL /* EMAIL: email\nAPP: app\nRECOVERY_CODE: recovery\nPASSKEY: passkey */,
    "pending_totp_secret_encrypted" VARCHAR(255),
    "pending_recovery_code_encrypted" VARCHAR(255),
    "webauthn_challenge" VARCHAR(128),
    "code_guesses" INT NOT NULL,
    "remember_device" INT NOT NULL,
    "codes_sent" INT NOT NULL,
    "last_code_sent_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "step_up_of_id" INT REFERENCES "sessions" ("id") ON DELETE CASCADE,
    "user_id" INT REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX "idx_login_attem_expires_cbd972" ON "login_attempts" ("expires_at");
CREATE TABLE IF NOT EXISTS "email_codes" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL,
    "sent_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "used_at" TIMESTAMP,
    "superseded" INT NOT NULL,
    "attempt_id" INT NOT NULL REFERENCES "login_attempts" ("id") ON DELETE CASCADE,
    "user_id" INT REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "support_requests" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(40) NOT NULL /* CANT_LOGIN: cant_login\nRESET_SECURITY_QUESTION: reset_security_question */,
    "status" VARCHAR(20) NOT NULL /* UNCONFIRMED: unconfirmed\nOPEN: open\nDONE: done */,
    "email" VARCHAR(254) NOT NULL,
    "message" VARCHAR(1000) NOT NULL,
    "client_ip" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "confirmed_at" TIMESTAMP,
    "resolved_at" TIMESTAMP,
    "resolved_by_id" INT REFERENCES "users" ("id") ON DELETE SET NULL,
    "user_id" INT REFERENCES "users" ("id") ON DELETE SET NULL
);
CREATE INDEX "idx_support_req_status_d0b0b6" ON "support_requests" ("status");
CREATE TABLE IF NOT EXISTS "trusted_devices" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "last_used_at" TIMESTAMP NOT NULL,
    "user_agent" VARCHAR(300) NOT NULL,
    "client_ip" VARCHAR(64) NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
