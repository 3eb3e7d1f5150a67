-- Latchkey 8146bf6 (the last release before migrations): the schema generate_schemas made on PostgreSQL.
-- Made by: git archive 8146bf6, Tortoise.init(tortoise_config(url)) + generate_schemas(),
-- pg_dump --schema-only --no-owner --no-privileges (psql's \restrict lines removed).
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: email_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.email_codes (
    id integer NOT NULL,
    code_hash character varying(64) NOT NULL,
    sent_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    superseded boolean NOT NULL,
    attempt_id integer NOT NULL,
    user_id integer
);


--
-- Name: TABLE email_codes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.email_codes IS 'A 6-digit code mailed for one login attempt; only the newest unused one counts.';


--
-- Name: email_codes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.email_codes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: email_codes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.email_codes_id_seq OWNED BY public.email_codes.id;


--
-- Name: login_attempts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_attempts (
    id integer NOT NULL,
    token_hash character varying(64) NOT NULL,
    email character varying(254) NOT NULL,
    state character varying(20) NOT NULL,
    method character varying(20) NOT NULL,
    pending_totp_secret_encrypted character varying(255),
    pending_recovery_code_encrypted character varying(255),
    webauthn_challenge character varying(128),
    code_guesses integer NOT NULL,
    remember_device boolean NOT NULL,
    codes_sent integer NOT NULL,
    last_code_sent_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    step_up_of_id integer,
    user_id integer
);


--
-- Name: TABLE login_attempts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.login_attempts IS 'Step 1 passed, step 2 pending. A decoy attempt has no user and never succeeds.';


--
-- Name: COLUMN login_attempts.state; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.login_attempts.state IS 'SECOND_FACTOR: second_factor\nENROLL_APP: enroll_app\nACK_RECOVERY_CODE: ack_recovery_code\nDONE: done';


--
-- Name: COLUMN login_attempts.method; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.login_attempts.method IS 'EMAIL: email\nAPP: app\nRECOVERY_CODE: recovery\nPASSKEY: passkey';


--
-- Name: login_attempts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.login_attempts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: login_attempts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.login_attempts_id_seq OWNED BY public.login_attempts.id;


--
-- Name: passkeys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.passkeys (
    id integer NOT NULL,
    name character varying(60) NOT NULL,
    credential_id character varying(1400) NOT NULL,
    public_key text NOT NULL,
    sign_count bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_used_at timestamp with time zone,
    user_id integer NOT NULL
);


--
-- Name: TABLE passkeys; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.passkeys IS 'PK1: a WebAuthn credential: its public key and counter, nothing secret.';


--
-- Name: passkeys_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.passkeys_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: passkeys_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.passkeys_id_seq OWNED BY public.passkeys.id;


--
-- Name: rate_counters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rate_counters (
    key character varying(200) NOT NULL,
    window_start bigint NOT NULL,
    hits integer NOT NULL
);


--
-- Name: TABLE rate_counters; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.rate_counters IS 'A fixed-window counter shared by every app instance (R2).';


--
-- Name: security_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.security_events (
    id bigint NOT NULL,
    kind character varying(40) NOT NULL,
    detail character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    user_agent character varying(300) NOT NULL,
    client_ip character varying(64) NOT NULL,
    reported_at timestamp with time zone,
    user_id integer NOT NULL
);


--
-- Name: TABLE security_events; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.security_events IS 'One line of a user''s security activity log (SE3); alerts (SE2) point at one.';


--
-- Name: COLUMN security_events.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.security_events.kind IS 'SIGNED_IN: signed_in\nSIGN_IN_FAILED: sign_in_failed\nCODE_FAILED: code_failed\nRECOVERY_CODE_USED: recovery_code_used\nFACTOR_ENABLED: factor_enabled\nFACTOR_DISABLED: factor_disabled\nDEVICE_REMEMBERED: device_remembered\nDEVICE_FORGOTTEN: device_forgotten\nSESSION_ENDED: session_ended\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nSECURITY_QUESTION_CHANGED: security_question_changed\nACCOUNT_LOCKED: account_locked\nACCOUNT_SECURED: account_secured\nACCOUNT_DEACTIVATED: account_deactivated\nACCOUNT_REACTIVATED: account_reactivated\nMEMBER_APP_RESET: member_app_reset';


--
-- Name: security_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.security_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: security_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.security_events_id_seq OWNED BY public.security_events.id;


--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    id integer NOT NULL,
    token_hash character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    second_factor_at timestamp with time zone NOT NULL,
    user_agent character varying(300) NOT NULL,
    client_ip character varying(64) NOT NULL,
    user_id integer NOT NULL
);


--
-- Name: TABLE sessions; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.sessions IS 'A signed-in browser or API client; the token itself is never stored.';


--
-- Name: sessions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sessions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sessions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sessions_id_seq OWNED BY public.sessions.id;


--
-- Name: support_requests; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.support_requests (
    id integer NOT NULL,
    kind character varying(40) NOT NULL,
    status character varying(20) NOT NULL,
    email character varying(254) NOT NULL,
    message character varying(1000) NOT NULL,
    client_ip character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    confirmed_at timestamp with time zone,
    resolved_at timestamp with time zone,
    resolved_by_id integer,
    user_id integer
);


--
-- Name: TABLE support_requests; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.support_requests IS 'H1: filed from the login screen; whether an account matched is never shown to the asker.';


--
-- Name: COLUMN support_requests.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.support_requests.kind IS 'CANT_LOGIN: cant_login\nRESET_SECURITY_QUESTION: reset_security_question';


--
-- Name: COLUMN support_requests.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.support_requests.status IS 'UNCONFIRMED: unconfirmed\nOPEN: open\nDONE: done';


--
-- Name: support_requests_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.support_requests_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: support_requests_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.support_requests_id_seq OWNED BY public.support_requests.id;


--
-- Name: trusted_devices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.trusted_devices (
    id integer NOT NULL,
    token_hash character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    last_used_at timestamp with time zone NOT NULL,
    user_agent character varying(300) NOT NULL,
    client_ip character varying(64) NOT NULL,
    user_id integer NOT NULL
);


--
-- Name: TABLE trusted_devices; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.trusted_devices IS 'L6: a browser (or API client) that may skip step 2 until 30 days after it was trusted.';


--
-- Name: trusted_devices_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.trusted_devices_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: trusted_devices_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.trusted_devices_id_seq OWNED BY public.trusted_devices.id;


--
-- Name: used_captchas; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.used_captchas (
    key character varying(64) NOT NULL,
    expires_at timestamp with time zone NOT NULL
);


--
-- Name: TABLE used_captchas; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.used_captchas IS 'R1: a solved captcha is accepted once; its signature''s hash is kept until it expires.';


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id integer NOT NULL,
    email character varying(254) NOT NULL,
    display_name character varying(100) NOT NULL,
    role character varying(10) NOT NULL,
    invite_token_hash character varying(64),
    invite_expires_at timestamp with time zone,
    last_signed_in_at timestamp with time zone,
    password_hash character varying(255) NOT NULL,
    security_question character varying(200) NOT NULL,
    security_answer_hash character varying(255) NOT NULL,
    email_factor_enabled boolean NOT NULL,
    app_enrollment_pending boolean NOT NULL,
    totp_secret_encrypted character varying(255),
    totp_last_step bigint,
    recovery_code_hash character varying(64),
    passkeys_enabled boolean NOT NULL,
    passkey_challenge character varying(128),
    passkey_challenge_expires_at timestamp with time zone,
    security_question_reset boolean NOT NULL,
    email_verified_at timestamp with time zone,
    is_active boolean NOT NULL,
    is_support boolean NOT NULL,
    failed_logins integer NOT NULL,
    locked_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    account_owner_id integer
);


--
-- Name: COLUMN users.role; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.role IS 'OWNER: owner\nADMIN: admin\nMEMBER: member';


--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.users_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: users_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;


--
-- Name: email_codes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_codes ALTER COLUMN id SET DEFAULT nextval('public.email_codes_id_seq'::regclass);


--
-- Name: login_attempts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_attempts ALTER COLUMN id SET DEFAULT nextval('public.login_attempts_id_seq'::regclass);


--
-- Name: passkeys id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.passkeys ALTER COLUMN id SET DEFAULT nextval('public.passkeys_id_seq'::regclass);


--
-- Name: security_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_events ALTER COLUMN id SET DEFAULT nextval('public.security_events_id_seq'::regclass);


--
-- Name: sessions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions ALTER COLUMN id SET DEFAULT nextval('public.sessions_id_seq'::regclass);


--
-- Name: support_requests id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.support_requests ALTER COLUMN id SET DEFAULT nextval('public.support_requests_id_seq'::regclass);


--
-- Name: trusted_devices id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.trusted_devices ALTER COLUMN id SET DEFAULT nextval('public.trusted_devices_id_seq'::regclass);


--
-- Name: users id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);


--
-- Name: email_codes email_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_codes
    ADD CONSTRAINT email_codes_pkey PRIMARY KEY (id);


--
-- Name: login_attempts login_attempts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_attempts
    ADD CONSTRAINT login_attempts_pkey PRIMARY KEY (id);


--
-- Name: login_attempts login_attempts_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_attempts
    ADD CONSTRAINT login_attempts_token_hash_key UNIQUE (token_hash);


--
-- Name: passkeys passkeys_credential_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.passkeys
    ADD CONSTRAINT passkeys_credential_id_key UNIQUE (credential_id);


--
-- Name: passkeys passkeys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.passkeys
    ADD CONSTRAINT passkeys_pkey PRIMARY KEY (id);


--
-- Name: rate_counters rate_counters_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rate_counters
    ADD CONSTRAINT rate_counters_pkey PRIMARY KEY (key);


--
-- Name: security_events security_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_events
    ADD CONSTRAINT security_events_pkey PRIMARY KEY (id);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);


--
-- Name: sessions sessions_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_token_hash_key UNIQUE (token_hash);


--
-- Name: support_requests support_requests_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.support_requests
    ADD CONSTRAINT support_requests_pkey PRIMARY KEY (id);


--
-- Name: trusted_devices trusted_devices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.trusted_devices
    ADD CONSTRAINT trusted_devices_pkey PRIMARY KEY (id);


--
-- Name: trusted_devices trusted_devices_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.trusted_devices
    ADD CONSTRAINT trusted_devices_token_hash_key UNIQUE (token_hash);


--
-- Name: used_captchas used_captchas_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.used_captchas
    ADD CONSTRAINT used_captchas_pkey PRIMARY KEY (key);


--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_email_key UNIQUE (email);


--
-- Name: users users_invite_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_invite_token_hash_key UNIQUE (invite_token_hash);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: idx_login_attem_expires_cbd972; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_login_attem_expires_cbd972 ON public.login_attempts USING btree (expires_at);


--
-- Name: idx_security_ev_created_6e5dc4; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_security_ev_created_6e5dc4 ON public.security_events USING btree (created_at);


--
-- Name: idx_security_ev_user_id_33033d; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_security_ev_user_id_33033d ON public.security_events USING btree (user_id, id);


--
-- Name: idx_support_req_status_d0b0b6; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_support_req_status_d0b0b6 ON public.support_requests USING btree (status);


--
-- Name: idx_used_captch_expires_51d8e9; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_used_captch_expires_51d8e9 ON public.used_captchas USING btree (expires_at);


--
-- Name: email_codes email_codes_attempt_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_codes
    ADD CONSTRAINT email_codes_attempt_id_fkey FOREIGN KEY (attempt_id) REFERENCES public.login_attempts(id) ON DELETE CASCADE;


--
-- Name: email_codes email_codes_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_codes
    ADD CONSTRAINT email_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: login_attempts login_attempts_step_up_of_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_attempts
    ADD CONSTRAINT login_attempts_step_up_of_id_fkey FOREIGN KEY (step_up_of_id) REFERENCES public.sessions(id) ON DELETE CASCADE;


--
-- Name: login_attempts login_attempts_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_attempts
    ADD CONSTRAINT login_attempts_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: passkeys passkeys_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.passkeys
    ADD CONSTRAINT passkeys_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: security_events security_events_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_events
    ADD CONSTRAINT security_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: sessions sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: support_requests support_requests_resolved_by_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.support_requests
    ADD CONSTRAINT support_requests_resolved_by_id_fkey FOREIGN KEY (resolved_by_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: support_requests support_requests_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.support_requests
    ADD CONSTRAINT support_requests_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: trusted_devices trusted_devices_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.trusted_devices
    ADD CONSTRAINT trusted_devices_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: users users_account_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_account_owner_id_fkey FOREIGN KEY (account_owner_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


