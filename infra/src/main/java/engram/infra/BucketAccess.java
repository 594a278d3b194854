package engram.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * Least-privilege S3 access by key prefix. CDK's {@code bucket.grantReadWrite} would allow every key;
 * here a principal gets GetObject on its read prefixes, ListBucket only for those prefixes, and
 * PutObject/AbortMultipartUpload (large files are uploaded in parts) only on its write prefixes.
 * DeleteObject is granted only for apply-edit's training snapshots ({@link EngramFunction#deletePatterns}):
 * outputs are overwritten in place, old versions expire by lifecycle.
 */
final class BucketAccess {
    private BucketAccess() {
    }

    static void grant(IGrantable principal, IBucket bucket, List<String> readPrefixes, List<String> writePrefixes) {
        if (!readPrefixes.isEmpty()) {
            principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("ReadPrefixes")
                    .effect(Effect.ALLOW)
                    .actions(List.of("s3:GetObject"))
                    .resources(objects(bucket, readPrefixes))
                    .build());
            principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("ListReadPrefixes")
                    .effect(Effect.ALLOW)
                    .actions(List.of("s3:ListBucket"))
                    .resources(List.of(bucket.getBucketArn()))
                    .conditions(Map.of("StringLike", Map.of("s3:prefix",
                            readPrefixes.stream().map(prefix -> prefix + "*").toList())))
                    .build());
        }
        if (!writePrefixes.isEmpty()) {
            principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("WritePrefixes")
                    .effect(Effect.ALLOW)
                    .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload"))
                    .resources(objects(bucket, writePrefixes))
                    .build());
        }
    }

    /** DeleteObject under {@code patterns} ({@code *} matches any characters, {@code /} included), nothing else. */
    static void grantDelete(IGrantable principal, IBucket bucket, List<String> patterns) {
        if (!patterns.isEmpty()) {
            principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("DeleteSnapshots")
                    .effect(Effect.ALLOW)
                    .actions(List.of("s3:DeleteObject"))
                    .resources(objects(bucket, patterns))
                    .build());
        }
    }

    private static List<String> objects(IBucket bucket, List<String> prefixes) {
        return prefixes.stream().map(prefix -> bucket.arnForObjects(prefix + "*")).toList();
    }
}
