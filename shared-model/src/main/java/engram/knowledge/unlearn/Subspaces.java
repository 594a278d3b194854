package engram.knowledge.unlearn;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The dense linear algebra of UNLEARN (docs/methods.md §6.3, reconstructed): truncated SVD by retained energy,
 * the basis of a matrix's row or column space, and the removal of a subspace from a matrix. All in float64 with
 * EJML's SVD; DJL binds no SVD. Matrices here are one layer's weight delta, a few hundred rows and columns.
 */
public final class Subspaces {
    private Subspaces() {}

    /**
     * A matrix truncated to its leading singular directions.
     *
     * @param matrix       {@code U_r Σ_r V_rᵀ}, same shape as the input
     * @param rank         r, singular values kept
     * @param numericRank  singular values above {@code tolerance · σ_max} in the input
     * @param energyKept   {@code Σ_{i≤r} σ_i² / Σ_i σ_i²} (1 for a zero matrix)
     * @param rowBasis     {@code V_rᵀ (r, in)}: orthonormal rows spanning the kept row space
     * @param columnBasis  {@code U_rᵀ (r, out)}: orthonormal rows spanning the kept column space
     */
    public record Truncation(DMatrixRMaj matrix, int rank, int numericRank, double energyKept, DMatrixRMaj rowBasis,
                             DMatrixRMaj columnBasis) {

        /** The basis of the kept space on {@code side}, as rows. */
        public DMatrixRMaj basis(ProjectionSide side) {
            return side == ProjectionSide.ROW ? rowBasis : columnBasis;
        }
    }

    /**
     * Keeps the smallest number r of leading singular directions whose energy reaches {@code energy}:
     * {@code r = min{ r : Σ_{i≤r} σ_i² ≥ η Σ_i σ_i² }} (η = {@code energy}); directions with
     * {@code σ_i ≤ tolerance · σ_max} are never kept.
     *
     * @param energy    η in (0, 1]
     * @param tolerance relative singular-value floor, e.g. 1e-6
     */
    public static Truncation truncate(DMatrixRMaj t, double energy, double tolerance) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(t.numRows, t.numCols, true, true, true);
        if (!svd.decompose(t.copy())) {
            throw new IllegalStateException("SVD did not converge on a " + t.numRows + "x" + t.numCols + " matrix");
        }
        DMatrixRMaj u = svd.getU(null, false);                                  // (out, k)
        DMatrixRMaj w = svd.getW(null);                                         // (k, k)
        DMatrixRMaj vt = svd.getV(null, true);                                  // (k, in)
        SingularOps_DDRM.descendingOrder(u, false, w, vt, true);
        int k = Math.min(w.numRows, w.numCols);
        double total = 0;
        double largest = k == 0 ? 0 : w.get(0, 0);
        int numeric = 0;
        for (int i = 0; i < k; i++) {
            double s = w.get(i, i);
            if (s > tolerance * largest && s > 0) {
                total += s * s;
                numeric++;
            }
        }
        int rank = 0;
        double kept = 0;
        while (rank < numeric && kept < energy * total) {
            double s = w.get(rank, rank);
            kept += s * s;
            rank++;
        }
        DMatrixRMaj ur = CommonOps_DDRM.extract(u, 0, u.numRows, 0, rank);      // (out, r)
        DMatrixRMaj vr = CommonOps_DDRM.extract(vt, 0, rank, 0, vt.numCols);    // (r, in)
        DMatrixRMaj scaled = ur.copy();
        for (int i = 0; i < scaled.numRows; i++) {
            for (int j = 0; j < rank; j++) {
                scaled.set(i, j, scaled.get(i, j) * w.get(j, j));
            }
        }
        DMatrixRMaj approx = new DMatrixRMaj(t.numRows, t.numCols);
        if (rank > 0) {
            CommonOps_DDRM.mult(scaled, vr, approx);                            // (out, in)
        }
        DMatrixRMaj urT = new DMatrixRMaj(rank, ur.numRows);
        CommonOps_DDRM.transpose(ur, urT);
        return new Truncation(approx, rank, numeric, total == 0 ? 1 : kept / total, vr, urT);
    }

    /**
     * The part of {@code t} outside the span of {@code basis} on {@code side}: {@code T − (T Qᵀ) Q} for rows,
     * {@code T − Qᵀ (Q T)} for columns.
     *
     * @param basis orthonormal rows {@code (k, in)} for ROW, {@code (k, out)} for COLUMN; k may be 0
     */
    public static DMatrixRMaj removeSpan(DMatrixRMaj t, DMatrixRMaj basis, ProjectionSide side) {
        DMatrixRMaj out = t.copy();
        if (basis.numRows == 0) {
            return out;
        }
        DMatrixRMaj parallel = new DMatrixRMaj(t.numRows, t.numCols);
        if (side == ProjectionSide.ROW) {
            DMatrixRMaj coefficients = new DMatrixRMaj(t.numRows, basis.numRows);
            CommonOps_DDRM.multTransB(t, basis, coefficients);                  // (out, k) = T Qᵀ
            CommonOps_DDRM.mult(coefficients, basis, parallel);                 // (out, in)
        } else {
            DMatrixRMaj coefficients = new DMatrixRMaj(basis.numRows, t.numCols);
            CommonOps_DDRM.mult(basis, t, coefficients);                        // (k, in) = Q T
            CommonOps_DDRM.multTransA(basis, coefficients, parallel);           // (out, in)
        }
        CommonOps_DDRM.subtractEquals(out, parallel);
        return out;
    }

    /** The squared Frobenius norm {@code Σ t_ij²}. */
    public static double energy(DMatrixRMaj t) {
        double sum = 0;
        for (int i = 0; i < t.getNumElements(); i++) {
            sum += t.data[i] * t.data[i];
        }
        return sum;
    }
}
