package engram.knowledge.unlearn;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Modified Gram–Schmidt with one re-orthogonalisation pass ("twice is enough", Giraud et al. 2005), in float64
 * on the JVM: the orthonormal basis of the span of a set of vectors, dropping every vector whose residual after
 * projection is below {@code tolerance · ‖vector‖}. docs/methods.md §6.6 asks for exactly this variant because
 * classical Gram–Schmidt loses orthogonality in float32.
 */
public final class GramSchmidt {
    private GramSchmidt() {}

    /**
     * An orthonormal basis of the span of {@code rows} (each row of the matrix is one vector).
     *
     * @param rows      {@code (n, d)}: n vectors of dimension d
     * @param tolerance relative residual norm below which a vector counts as dependent, e.g. 1e-6
     * @return {@code (k, d)} with k ≤ min(n, d) orthonormal rows spanning the same space as the kept vectors
     */
    public static DMatrixRMaj orthonormalRows(DMatrixRMaj rows, double tolerance) {
        int d = rows.numCols;
        List<double[]> basis = new ArrayList<>();
        for (int i = 0; i < rows.numRows; i++) {
            double[] v = new double[d];
            System.arraycopy(rows.data, i * d, v, 0, d);
            double original = norm(v);
            if (original == 0) {
                continue;
            }
            for (int pass = 0; pass < 2; pass++) {            // the second pass restores lost orthogonality
                for (double[] q : basis) {
                    double along = dot(q, v);
                    for (int j = 0; j < d; j++) {
                        v[j] -= along * q[j];
                    }
                }
            }
            double residual = norm(v);
            if (residual <= tolerance * original) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                v[j] /= residual;
            }
            basis.add(v);
        }
        DMatrixRMaj out = new DMatrixRMaj(basis.size(), d);
        for (int i = 0; i < basis.size(); i++) {
            System.arraycopy(basis.get(i), 0, out.data, i * d, d);
        }
        return out;
    }

    /** The rows of {@code a} followed by the rows of {@code b}; both have the same number of columns. */
    public static DMatrixRMaj stack(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numCols != b.numCols) {
            throw new IllegalArgumentException("cannot stack " + a.numCols + " and " + b.numCols + " columns");
        }
        DMatrixRMaj out = new DMatrixRMaj(a.numRows + b.numRows, a.numCols);
        System.arraycopy(a.data, 0, out.data, 0, a.getNumElements());
        System.arraycopy(b.data, 0, out.data, a.getNumElements(), b.getNumElements());
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }
}
