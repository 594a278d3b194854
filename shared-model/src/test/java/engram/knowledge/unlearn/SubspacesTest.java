package engram.knowledge.unlearn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The linear algebra of UNLEARN on hand-built matrices. */
class SubspacesTest {

    @Test
    void gramSchmidtGivesOrthonormalRowsAndDropsDependentOnes() {
        DMatrixRMaj rows = new DMatrixRMaj(new double[][] {
            {1, 1, 0, 0}, {1, 0, 1, 0}, {2, 1, 1, 0}, {0, 0, 0, 0}, {0, 0, 0, 3}});  // row 2 = row 0 + row 1
        DMatrixRMaj q = GramSchmidt.orthonormalRows(rows, 1e-10);
        assertEquals(3, q.numRows, "a dependent and a zero row are dropped");
        assertIdentity(gram(q), 1e-12);
        for (int i = 0; i < rows.numRows; i++) {                // every input row lies in the span
            DMatrixRMaj row = CommonOps_DDRM.extract(rows, i, i + 1, 0, 4);
            assertEquals(0, Subspaces.energy(Subspaces.removeSpan(row, q, ProjectionSide.ROW)), 1e-20);
        }
    }

    @Test
    void gramSchmidtStaysOrthogonalOnNearlyDependentVectors() {
        Random random = new Random(3);
        DMatrixRMaj rows = new DMatrixRMaj(40, 64);
        for (int i = 0; i < rows.numRows; i++) {
            for (int j = 0; j < rows.numCols; j++) {
                rows.set(i, j, (i == 0 ? 1 : rows.get(0, j)) + 1e-7 * random.nextGaussian()); // a tight cone
            }
        }
        DMatrixRMaj q = GramSchmidt.orthonormalRows(rows, 1e-12);
        assertEquals(40, q.numRows);
        assertIdentity(gram(q), 1e-10);
    }

    @Test
    void removingTheKeepSpanLeavesExactlyTheOrthogonalPart() {
        // T's rows mix e1, e2 and e3; the keep span is {e1, (e2 + e3)/√2}
        DMatrixRMaj t = new DMatrixRMaj(new double[][] {{1, 2, 0, 0}, {3, 0, 4, 0}, {0, 1, 1, 5}});
        DMatrixRMaj keep = GramSchmidt.orthonormalRows(new DMatrixRMaj(new double[][] {{2, 0, 0, 0}, {0, 1, 1, 0}}), 1e-12);
        DMatrixRMaj rest = Subspaces.removeSpan(t, keep, ProjectionSide.ROW);
        DMatrixRMaj expected = new DMatrixRMaj(new double[][] {{0, 1, -1, 0}, {0, -2, 2, 0}, {0, 0, 0, 5}});
        for (int i = 0; i < expected.getNumElements(); i++) {
            assertEquals(expected.data[i], rest.data[i], 1e-12, "entry " + i);
        }
        DMatrixRMaj overlap = new DMatrixRMaj(3, 2);
        CommonOps_DDRM.multTransB(rest, keep, overlap);
        assertEquals(0, Subspaces.energy(overlap), 1e-24, "nothing of the keep span is left");
        DMatrixRMaj columns = Subspaces.removeSpan(t, GramSchmidt.orthonormalRows(
                new DMatrixRMaj(new double[][] {{0, 0, 1}}), 1e-12), ProjectionSide.COLUMN);
        assertEquals(0, Subspaces.energy(CommonOps_DDRM.extract(columns, 2, 3, 0, 4)), 1e-24, "column side zeroes row 3");
    }

    @Test
    void truncationKeepsTheFewestDirectionsReachingTheEnergy() {
        // singular values 3, 2, 1 (energies 9, 4, 1 of 14) in rotated bases
        DMatrixRMaj u = GramSchmidt.orthonormalRows(new DMatrixRMaj(new double[][] {{1, 1, 0, 0}, {1, -1, 1, 0},
            {0, 0, 1, 1}}), 1e-12);
        DMatrixRMaj v = GramSchmidt.orthonormalRows(new DMatrixRMaj(new double[][] {{1, 2, 3}, {0, 1, -1}, {1, 0, 0}}),
                1e-12);
        DMatrixRMaj sigma = CommonOps_DDRM.diag(3, 2, 1);
        DMatrixRMaj t = new DMatrixRMaj(4, 3);
        DMatrixRMaj us = new DMatrixRMaj(4, 3);
        CommonOps_DDRM.multTransA(u, sigma, us);
        CommonOps_DDRM.mult(us, v, t);
        Subspaces.Truncation all = Subspaces.truncate(t, 1.0, 1e-9);
        assertEquals(3, all.rank());
        assertEquals(3, all.numericRank());
        Subspaces.Truncation ninety = Subspaces.truncate(t, 0.9, 1e-9);
        assertEquals(2, ninety.rank(), "9/14 < 0.9 <= 13/14");
        assertEquals(13.0 / 14, ninety.energyKept(), 1e-12);
        assertEquals(1.0, Subspaces.energy(Subspaces.removeSpan(t, ninety.rowBasis(), ProjectionSide.ROW)), 1e-9,
                "what is cut is the last direction, energy 1");
        assertEquals(1, Subspaces.truncate(t, 0.5, 1e-9).rank());
        for (int i = 0; i < t.getNumElements(); i++) {
            assertEquals(t.data[i], all.matrix().data[i], 1e-12);
        }
    }

    @Test
    void discriminationSubtractsOnlyTheTaskSpecificDirections() {
        // target task writes into input directions e1 and e2; the keep task shares e1
        DMatrixRMaj target = new DMatrixRMaj(new double[][] {{2, 1, 0}, {0, 3, 0}});
        DMatrixRMaj keep = new DMatrixRMaj(new double[][] {{5, 0, 0}, {1, 0, 0}});
        UnlearnConfig config = UnlearnConfig.defaults().withEnergy(1.0);
        DMatrixRMaj change = new DMatrixRMaj(2, 3);
        LayerSubspace layer = Unlearner.discriminate("w", target, keep, config, change);
        assertEquals(2, layer.targetRank());
        assertEquals(1, layer.keepRank());
        assertEquals(1, layer.appliedRank());
        assertEquals(4.0 / 14, layer.sharedEnergy(), 1e-12, "the e1 column carries 4 of 14");
        double[] expected = {0, 1, 0, 0, 3, 0};                  // T without its e1 column
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], change.data[i], 1e-12, "entry " + i);
        }
        assertEquals(Math.sqrt(10), layer.norm(), 1e-12);
    }

    private static DMatrixRMaj gram(DMatrixRMaj q) {
        DMatrixRMaj g = new DMatrixRMaj(q.numRows, q.numRows);
        CommonOps_DDRM.multTransB(q, q, g);
        return g;
    }

    private static void assertIdentity(DMatrixRMaj g, double tolerance) {
        for (int i = 0; i < g.numRows; i++) {
            for (int j = 0; j < g.numCols; j++) {
                assertEquals(i == j ? 1 : 0, g.get(i, j), tolerance, "(" + i + ", " + j + ")");
            }
        }
    }
}
