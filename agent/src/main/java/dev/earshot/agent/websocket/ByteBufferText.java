package dev.earshot.agent.websocket;

import java.nio.ByteBuffer;

/**
 * A UTF-8 payload read as characters, one per byte, without decoding or copying: enough to find a
 * Realtime event's type and numbers, which are ASCII; a multi-byte character only ever occurs
 * inside a string and reads as bytes of 0x80 and above, never as a quote or a backslash. Reused
 * for every frame of one direction of one connection (callers hold that direction's lock).
 */
final class ByteBufferText implements CharSequence {

  private ByteBuffer buffer;
  private int offset;
  private int length;

  ByteBufferText of(ByteBuffer utf8) {
    buffer = utf8;
    offset = utf8.position();
    length = utf8.remaining();
    return this;
  }

  void release() {
    buffer = null;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return (char) (buffer.get(offset + index) & 0xff);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    StringBuilder copy = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      copy.append(charAt(i));
    }
    return copy;
  }

  @Override
  public String toString() {
    return subSequence(0, length).toString();
  }
}
