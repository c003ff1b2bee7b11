package dev.whitemagic.domain.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void unitVectors_dotIsTheirCosine() {
        float[] a = Vectors.normalised(new float[] {3, 4, 0, 0, 0});
        float[] b = Vectors.normalised(new float[] {4, 3, 0, 0, 0});

        assertThat(Vectors.dot(a, a)).isCloseTo(1f, within(1e-6f));
        assertThat(Vectors.dot(a, b)).isCloseTo(24f / 25f, within(1e-6f));
    }

    @Test
    void dotWithAPackedVector_readsAtItsOffset() {
        float[] packed = {9, 9, 1, 2, 3};

        assertThat(Vectors.dot(new float[] {1, 1, 1}, packed, 2)).isEqualTo(6f);
    }

    @Test
    void storedBytes_roundTrip_andAWrongLengthIsRefused() {
        float[] vector = {0.25f, -1.5f, 3e-7f};

        assertThat(Vectors.fromBytes(Vectors.toBytes(vector))).containsExactly(vector);
        assertThatThrownBy(() -> Vectors.readInto(new byte[7], new float[3], 0, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aZeroVector_staysZero() {
        assertThat(Vectors.normalised(new float[3])).containsExactly(0f, 0f, 0f);
    }

    @Test
    void quantisedVectors_giveTheirSimilarityWithinOneHundredth() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 100; round++) {
            float[] a = new float[Vectors.DIMENSIONS];
            float[] b = new float[Vectors.DIMENSIONS];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
                b[i] = (float) random.nextGaussian() + a[i] * (round % 3);
            }
            a = Vectors.normalised(a);
            b = Vectors.normalised(b);
            byte[] qa = new byte[a.length];
            byte[] qb = new byte[a.length * 2];
            float sa = Vectors.quantise(a, qa, 0);
            float sb = Vectors.quantise(b, qb, a.length);

            assertThat(Vectors.dot(qa, qb, a.length) / (sa * sb)).isCloseTo(Vectors.dot(a, b), within(0.01f));
        }
    }

    @Test
    void aZeroVector_quantisesToZeros() {
        byte[] q = new byte[3];

        assertThat(Vectors.quantise(new float[3], q, 0)).isEqualTo(1f);
        assertThat(q).containsExactly(0, 0, 0);
    }
}
