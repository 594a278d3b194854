package engram.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.budgets.CfnBudget;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms on what a person must look at: a function error or throttle, a failed or timed-out
 * workflow, API 5xx answers, and the monthly budget (80 % spent, 100 % forecast). All go to one SNS
 * topic, to which {@code alarmEmail} is subscribed when given.
 */
final class Monitoring extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();

    Monitoring(Construct scope, String id, int monthlyBudgetUsd, Optional<String> email) {
        super(scope, id);
        topic = Topic.Builder.create(this, "Alarms").displayName("engram alarms").build();
        email.ifPresent(address -> topic.addSubscription(new EmailSubscription(address)));
        // AWS Budgets publishes to the topic as a service principal.
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("budgets.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .build());
        budget(monthlyBudgetUsd, email);
    }

    /** An alarm that fires as soon as {@code metric} sums to one or more in five minutes. */
    void onAny(String alarmId, String description, IMetric metric) {
        Alarm alarm = Alarm.Builder.create(this, alarmId)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarms.add(alarm);
    }

    static MetricOptions sumOverPeriod() {
        return MetricOptions.builder().period(PERIOD).statistic("Sum").build();
    }

    List<Alarm> alarms() {
        return alarms;
    }

    private void budget(int monthlyBudgetUsd, Optional<String> email) {
        List<CfnBudget.SubscriberProperty> subscribers = new ArrayList<>();
        subscribers.add(CfnBudget.SubscriberProperty.builder().subscriptionType("SNS").address(topic.getTopicArn()).build());
        email.ifPresent(address -> subscribers.add(
                CfnBudget.SubscriberProperty.builder().subscriptionType("EMAIL").address(address).build()));
        CfnBudget.Builder.create(this, "MonthlyBudget")
                .budget(CfnBudget.BudgetDataProperty.builder()
                        .budgetName("engram-monthly")
                        .budgetType("COST")
                        .timeUnit("MONTHLY")
                        .budgetLimit(CfnBudget.SpendProperty.builder().amount(monthlyBudgetUsd).unit("USD").build())
                        .build())
                .notificationsWithSubscribers(List.of(
                        notification("ACTUAL", 80, subscribers),
                        notification("FORECASTED", 100, subscribers)))
                .build();
    }

    private static CfnBudget.NotificationWithSubscribersProperty notification(
            String type, int percent, List<CfnBudget.SubscriberProperty> subscribers) {
        return CfnBudget.NotificationWithSubscribersProperty.builder()
                .notification(CfnBudget.NotificationProperty.builder()
                        .notificationType(type)
                        .comparisonOperator("GREATER_THAN")
                        .threshold(percent)
                        .thresholdType("PERCENTAGE")
                        .build())
                .subscribers(subscribers)
                .build();
    }
}
