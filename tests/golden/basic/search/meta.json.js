credcatSearchData("meta.json", {
  "active": 3,
  "columns": {
    "cost": "-01-",
    "delivery": "010-",
    "hours": "312-",
    "issuer": "0001",
    "language": "1,01,0,",
    "level": "00--",
    "skill": "-0--",
    "type": "1220"
  },
  "count": 4,
  "facets": [
    {
      "key": "skill",
      "label": "Skill",
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
      "label": "Level",
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
      "label": "Type",
      "multi": false,
      "values": [
        {
          "label": "Badge",
          "slug": "badge"
        },
        {
          "label": "Certificate",
          "slug": "certificate"
        },
        {
          "label": "Micro-credential",
          "slug": "microcredential"
        }
      ],
      "width": 1
    },
    {
      "key": "issuer",
      "label": "Awarding body",
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
      "label": "Delivery",
      "multi": false,
      "values": [
        {
          "label": "Blended",
          "slug": "blended"
        },
        {
          "label": "Online",
          "slug": "online"
        }
      ],
      "width": 1
    },
    {
      "key": "language",
      "label": "Language",
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
      "label": "Cost",
      "multi": false,
      "values": [
        {
          "label": "Free",
          "slug": "free"
        },
        {
          "label": "Paid",
          "slug": "paid"
        }
      ],
      "width": 1
    },
    {
      "key": "hours",
      "label": "Workload",
      "multi": false,
      "values": [
        {
          "label": "Up to 20 hours",
          "slug": "upto20"
        },
        {
          "label": "21 to 40 hours",
          "slug": "21-40"
        },
        {
          "label": "41 to 80 hours",
          "slug": "41-80"
        },
        {
          "label": "81 to 160 hours",
          "slug": "81-160"
        },
        {
          "label": "More than 160 hours",
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
