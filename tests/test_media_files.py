"""Images in the media folder are served sandboxed; odd names get the site's 404 page."""

import errno

import pytest

from healthinfo.media import MEDIA_POLICY

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def image(media_root):
    folder = media_root / "articles"
    folder.mkdir(parents=True)
    (folder / "bone.png").write_bytes(PNG)
    return "/media/articles/bone.png"


def test_an_image_in_the_media_folder_is_served_with_the_sandbox_policy(client, image):
    response = client.get(image)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == MEDIA_POLICY


def test_a_file_name_too_long_for_the_file_system_is_the_sites_translated_404_page(client, image):
    response = client.get("/media/" + "a" * 300 + ".png")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "articles/" + "b" * 256 + "/bone.png",  # a folder name over 255 bytes
        "articles/" + "c/" * 2100 + "bone.png",  # a path over 4096 bytes of short names
        "articles/bone%00.png",  # a NUL byte, which no file name can hold
        "articles/%ff%fe.png",  # bytes that are not UTF-8
        "articles/",  # a folder
        "articles",  # a folder, without the slash
    ],
    ids=["long-folder", "long-path", "nul", "not-utf-8", "folder", "folder-no-slash"],
)
def test_a_name_no_image_can_have_is_not_found(client, image, path):
    assert client.get("/media/" + path).status_code == 404


def test_an_image_the_server_cannot_read_is_not_found_and_logged_by_kind_only(
    client, image, monkeypatch, caplog
):
    # Tests run as root, for whom no file is unreadable: the file system's refusal is staged.
    def refuse(request, path, document_root):
        raise PermissionError(errno.EACCES, "Permission denied", str(document_root / path))

    monkeypatch.setattr("healthinfo.media.serve", refuse)
    assert client.get(image).status_code == 404
    assert "Media file could not be read: EACCES" in caplog.messages  # and not its name
