package dev.whitemagic.persistence;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** A data source that counts the connections asked of it, so a test can show that something never touched the database. */
public final class CountingDataSource {

    private final AtomicInteger connections = new AtomicInteger();
    private final DataSource dataSource;

    public CountingDataSource(DataSource target) {
        this.dataSource = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** @return how many connections were asked for */
    public int connections() {
        return connections.get();
    }
}
