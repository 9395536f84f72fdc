"""Identity: the Cognito user pool (e-mail sign-in, no self sign-up, TOTP MFA, threat protection), its
groups from local/resources.py and the web app's client."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from infra.stages import StageConfig


class Identity(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, groups: tuple[str, ...]) -> None:
        super().__init__(scope, construct_id)
        self.user_pool = cognito.UserPool(
            self, "Users",
            user_pool_name=f"{config.prefix}users",
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(email=True, username=False),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True)),
            password_policy=cognito.PasswordPolicy(min_length=12, require_lowercase=True, require_uppercase=True,
                                                   require_digits=True, require_symbols=True,
                                                   temp_password_validity=Duration.days(3)),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            deletion_protection=config.deletion_protection,
            removal_policy=config.removal_policy,
        )
        self.groups = [cognito.CfnUserPoolGroup(self, f"Group-{group}", user_pool_id=self.user_pool.user_pool_id,
                                                group_name=group) for group in groups]
        self.client = self.user_pool.add_client(
            "Web",
            user_pool_client_name="web",
            generate_secret=False,
            auth_flows=cognito.AuthFlow(user_password=True),  # refresh tokens are always allowed
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            access_token_validity=Duration.minutes(60),
            id_token_validity=Duration.minutes(60),
            refresh_token_validity=Duration.days(1),
        )

    @property
    def jwks_url(self) -> str:
        region = Stack.of(self).region
        return f"https://cognito-idp.{region}.amazonaws.com/{self.user_pool.user_pool_id}/.well-known/jwks.json"
