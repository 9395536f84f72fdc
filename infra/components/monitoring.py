"""Monitoring: alarms on every dead-letter queue, the API's 5xx rate, throttles and Lambda errors, all
notifying one encrypted SNS topic (with an optional e-mail subscription)."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.components.api import API_GATEWAY_STAGE
from infra.stages import StageConfig

PERIOD = Duration.minutes(5)


class Monitoring(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, key: kms.IKey,
                 dead_letter_queues: dict[str, sqs.IQueue], api_name: str, access_logs: logs.ILogGroup,
                 function_names: dict[str, str]) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(self, "Alarms", topic_name=f"{config.prefix}alarms", master_key=key, enforce_ssl=True)
        key.add_to_resource_policy(iam.PolicyStatement(
            sid="CloudWatchAlarmsPublish", principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
            actions=["kms:Decrypt", "kms:GenerateDataKey"], resources=["*"]))
        if config.alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
        self.alarms: list[cloudwatch.Alarm] = []

        for queue_key, dlq in dead_letter_queues.items():
            self._alarm(f"{queue_key}-dead-letters", dlq.metric_approximate_number_of_messages_visible(
                period=PERIOD, statistic="Maximum"), threshold=0,
                description=f"Messages of the {queue_key} queue failed every attempt and wait in its dead-letter queue")

        api_dimensions = {"ApiName": api_name, "Stage": API_GATEWAY_STAGE}
        self._alarm("api-5xx-rate", cloudwatch.Metric(
            namespace="AWS/ApiGateway", metric_name="5XXError", dimensions_map=api_dimensions,
            statistic="Average", period=PERIOD), threshold=config.api_5xx_rate_threshold, periods=3,
            description="Share of API requests answered 5xx (a 5xx is always a bug)")
        # API Gateway has no throttle metric of its own: count the 429s in the access log.
        throttled = logs.MetricFilter(
            self, "ApiThrottledFilter", log_group=access_logs, filter_pattern=logs.FilterPattern.literal(
                "{ $.status = 429 }"), metric_namespace=f"Kreisjobcenter/{config.name}", metric_name="ApiThrottled",
            metric_value="1", default_value=0)
        self._alarm("api-throttled", throttled.metric(statistic="Sum", period=PERIOD), threshold=0,
                    description="API Gateway throttled requests (429) at the stage's rate or burst limit")
        for name, function_name in function_names.items():
            dimensions = {"FunctionName": function_name}
            self._alarm(f"{name}-errors", cloudwatch.Metric(
                namespace="AWS/Lambda", metric_name="Errors", dimensions_map=dimensions, statistic="Sum",
                period=PERIOD), threshold=config.lambda_error_threshold, comparison_at_least=True,
                description=f"Lambda {name} failed (unhandled errors, timeouts)")
            self._alarm(f"{name}-throttles", cloudwatch.Metric(
                namespace="AWS/Lambda", metric_name="Throttles", dimensions_map=dimensions, statistic="Sum",
                period=PERIOD), threshold=0, description=f"Lambda {name} was throttled (concurrency limit)")

    def _alarm(self, alarm_id: str, metric: cloudwatch.IMetric, *, threshold: float, description: str,
               periods: int = 1, comparison_at_least: bool = False) -> cloudwatch.Alarm:
        comparison = (cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD if comparison_at_least
                      else cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD)
        alarm = cloudwatch.Alarm(self, alarm_id, metric=metric, threshold=threshold, evaluation_periods=periods,
                                 datapoints_to_alarm=periods, comparison_operator=comparison,
                                 treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                                 alarm_description=description)
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        alarm.add_ok_action(actions.SnsAction(self.topic))
        self.alarms.append(alarm)
        return alarm
