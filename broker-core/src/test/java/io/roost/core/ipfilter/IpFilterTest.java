package io.roost.core.ipfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.core.error.RoostException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IpFilterTest {

    private static final IpFilterRules BLOCK_LAB =
            IpFilterRules.of(List.of(IpFilterRule.of("block-lab", "reject", "127.0.0.2/32")));

    @Test
    void replace_whenSaved_thenInForceAfterTheSave() throws Exception {
        List<IpFilterRules> saved = new ArrayList<>();
        try (IpFilter filter = new IpFilter(IpFilterRules.ACCEPT_ALL, saved::add)) {
            assertThat(filter.rejecting(InetAddress.getByName("127.0.0.2"))).isNull();

            filter.replace(BLOCK_LAB).get(5, TimeUnit.SECONDS);

            assertThat(saved).containsExactly(BLOCK_LAB);
            assertThat(filter.rejecting(InetAddress.getByName("127.0.0.2")).name()).isEqualTo("block-lab");
        }
    }

    @Test
    void replace_whenSaveFails_thenOldRulesStay() throws Exception {
        try (IpFilter filter = new IpFilter(BLOCK_LAB, rules -> {
            throw new IOException("disk full");
        })) {
            assertThatThrownBy(() -> filter.replace(IpFilterRules.ACCEPT_ALL).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RoostException.class);

            assertThat(filter.rules()).isEqualTo(BLOCK_LAB);
        }
    }

    @Test
    void replace_whenPreconditionFails_thenPreconditionFailedAndNothingChanges() throws Exception {
        try (IpFilter filter = IpFilter.inMemory(BLOCK_LAB)) {
            assertThatThrownBy(() -> filter.replace(IpFilterRules.ACCEPT_ALL, current -> current.size() == 0)
                    .get(5, TimeUnit.SECONDS))
                    .cause().isInstanceOf(RoostException.class)
                    .extracting(e -> ((RoostException) e).status()).isEqualTo(RoostException.Status.PRECONDITION_FAILED);

            assertThat(filter.rules()).isEqualTo(BLOCK_LAB);
        }
    }
}
