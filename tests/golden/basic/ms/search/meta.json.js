credcatSearchData("meta.json", {
  "active": 3,
  "columns": {
    "cost": "-01-",
    "delivery": "110-",
    "hours": "321-",
    "issuer": "0001",
    "language": "1,0,01,",
    "level": "0-0-",
    "skill": "--0-",
    "type": "2110"
  },
  "count": 4,
  "facets": [
    {
      "key": "skill",
      "label": "Kemahiran",
      "multi": false,
      "values": [
        {
          "label": "data cleaning",
          "slug": "data-cleaning"
        }
      ],
      "width": 1
    },
    {
      "key": "level",
      "label": "Tahap",
      "multi": false,
      "values": [
        {
          "label": "MQF 4",
          "slug": "mqf-4"
        }
      ],
      "width": 1
    },
    {
      "key": "type",
      "label": "Jenis",
      "multi": false,
      "values": [
        {
          "label": "Lencana",
          "slug": "badge"
        },
        {
          "label": "Mikro-kredensial",
          "slug": "microcredential"
        },
        {
          "label": "Sijil",
          "slug": "certificate"
        }
      ],
      "width": 1
    },
    {
      "key": "issuer",
      "label": "Badan pemberi",
      "multi": false,
      "values": [
        {
          "label": "North University",
          "slug": "north-uni"
        },
        {
          "label": "Skills Board <Test & Co>",
          "slug": "skills-board"
        }
      ],
      "width": 1
    },
    {
      "key": "delivery",
      "label": "Mod penyampaian",
      "multi": false,
      "values": [
        {
          "label": "Dalam talian",
          "slug": "online"
        },
        {
          "label": "Teradun",
          "slug": "blended"
        }
      ],
      "width": 1
    },
    {
      "key": "language",
      "label": "Bahasa",
      "multi": true,
      "values": [
        {
          "label": "Bahasa Melayu",
          "slug": "ms"
        },
        {
          "label": "English",
          "slug": "en"
        }
      ],
      "width": 1
    },
    {
      "key": "cost",
      "label": "Kos",
      "multi": false,
      "values": [
        {
          "label": "Berbayar",
          "slug": "paid"
        },
        {
          "label": "Percuma",
          "slug": "free"
        }
      ],
      "width": 1
    },
    {
      "key": "hours",
      "label": "Jam pembelajaran",
      "multi": false,
      "values": [
        {
          "label": "Sehingga 20 jam",
          "slug": "upto20"
        },
        {
          "label": "21 hingga 40 jam",
          "slug": "21-40"
        },
        {
          "label": "41 hingga 80 jam",
          "slug": "41-80"
        },
        {
          "label": "81 hingga 160 jam",
          "slug": "81-160"
        },
        {
          "label": "Lebih daripada 160 jam",
          "slug": "over160"
        }
      ],
      "width": 1
    }
  ],
  "records_per_file": 10,
  "version": 1
}
);
