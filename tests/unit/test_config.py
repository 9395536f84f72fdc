import pytest

from chalicelib.config import ConfigError, Settings

COMPLETE = {
    "STAGE": "dev", "AWS_REGION": "eu-central-1", "TABLE_PREFIX": "kjc-dev-", "DOCUMENTS_BUCKET": "d",
    "AUDIO_BUCKET": "a", "LETTERS_QUEUE_URL": "q1", "UPLOADS_QUEUE_URL": "q2", "APPLICATIONS_QUEUE_URL": "q3",
    "CAREERS_QUEUE_URL": "q4", "OFFERS_QUEUE_URL": "q5",
    "COGNITO_USER_POOL_ID": "eu-central-1_abc", "COGNITO_CLIENT_ID": "c", "COGNITO_JWKS_URL": "https://x",
    "SES_SENDER": "s@example.org", "PUBLIC_BASE_URL": "https://kjc.example/",
    "SPEECH_ENGINES": "de=polly:Vicki,en=polly:Joanna,ar=polly:Hala,fa=espeak:fa,ur=espeak:ur,ti=espeak:ti",
    "MALWARE_SCANNER": "guardduty",
    "SES_MAX_PER_SECOND": "14",
}


def test_complete_environment_gives_typed_settings():
    config = Settings.from_env(COMPLETE)
    assert config.issuer == "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_abc"
    assert config.table("letters") == "kjc-dev-letters"
    assert config.public_base_url == "https://kjc.example"
    assert config.speech_engines["fa"] == "espeak:fa"


@pytest.mark.parametrize("missing", sorted(COMPLETE))
def test_each_missing_value_is_a_startup_error_naming_it(missing):
    env = {k: v for k, v in COMPLETE.items() if k != missing}
    with pytest.raises(ConfigError, match=missing if missing != "AWS_REGION" else "REGION"):
        Settings.from_env(env)


@pytest.mark.parametrize("engines", ["de=polly", "de=polly:Vicki,xx=espeak:xx", "nonsense"])
def test_speech_engines_must_name_every_language(engines):
    with pytest.raises(ConfigError):
        Settings.from_env({**COMPLETE, "SPEECH_ENGINES": engines})
