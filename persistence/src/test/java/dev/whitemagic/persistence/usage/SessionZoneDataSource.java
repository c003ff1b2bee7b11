package dev.whitemagic.persistence.usage;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Hands out connections of another data source whose session runs in the given time zone. */
class SessionZoneDataSource implements DataSource {

    private final DataSource target;
    private final String zone;

    SessionZoneDataSource(DataSource target, String zone) {
        this.target = target;
        this.zone = zone;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = target.getConnection();
        try (var statement = connection.createStatement()) {
            statement.execute("set time zone '" + zone + "'");
        }
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
