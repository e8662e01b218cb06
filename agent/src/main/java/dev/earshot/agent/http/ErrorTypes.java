package dev.earshot.agent.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code error.type} values of exceptions: the class name, computed once per exception class
 * (a {@link ClassValue}, so no allocation and no lookup table to bound: the values are the
 * application's exception classes).
 */
final class ErrorTypes {

  /** Ids above every status code, so that status-derived and exception-derived types never collide. */
  private static final AtomicInteger nextId = new AtomicInteger(1000);

  static final class ErrorType {
    final int id;
    final String name;
    /** Per error source; racy initialisation is harmless (equal values). */
    final io.opentelemetry.api.common.Attributes[] applicationErrorAttributes = new io.opentelemetry.api.common.Attributes[1];

    ErrorType(String name) {
      this.id = nextId.getAndIncrement();
      this.name = name;
    }
  }

  private static final ClassValue<ErrorType> BY_CLASS = new ClassValue<>() {
    @Override
    protected ErrorType computeValue(Class<?> type) {
      return new ErrorType(type.getName());
    }
  };

  private ErrorTypes() {}

  static ErrorType of(Throwable error) {
    return BY_CLASS.get(error.getClass());
  }
}
